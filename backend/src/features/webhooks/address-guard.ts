import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { BlockList, isIP } from 'node:net';
import { lookup as lookupCallback } from 'node:dns';
import { AppError } from '@hutong/shared';

/** This machine: allowed in demo mode only, to try webhooks out with a local receiver. */
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Never a webhook's target: private, link-local (cloud metadata), shared, multicast, unspecified. */
const INTERNAL = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  INTERNAL.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  INTERNAL.addSubnet(net, prefix, 'ipv6');
}

/** Why an address may not receive webhooks, or null when it may. */
export function refusedAddress(address: string, allowLoopback: boolean): string | null {
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 one.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (LOOPBACK.check(ip, family)) return allowLoopback ? null : 'loopback';
  if (INTERNAL.check(ip, family)) return 'internal';
  return null;
}

/**
 * Every address the URL's host resolves to must be public (a host with one public and one
 * private record is refused). Checked at registration; delivery checks again, at connect time.
 */
export async function assertDeliverableUrl(url: string, allowLoopback: boolean): Promise<void> {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The webhook URL cannot be reached',
      data: { url: 'The host name does not resolve' },
    });
  }
  if (addresses.some((a) => refusedAddress(a, allowLoopback))) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The webhook URL cannot be used',
      data: { url: 'The address is loopback, private or link-local; use a public address' },
    });
  }
}

/** Thrown (as a connection error) when a delivery's host resolves to a refused address. */
export class RefusedAddressError extends Error {
  override name = 'RefusedAddressError';
}

/**
 * A DNS lookup for outgoing requests that refuses internal addresses at connect time, so a host
 * that resolved to a public address at registration cannot be pointed inward later (rebinding).
 */
export function guardedLookup(allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    lookupCallback(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) {
        callback(err, '', 0);
        return;
      }
      const list = addresses as unknown as { address: string; family: number }[];
      const refused = list.find((a) => refusedAddress(a.address, allowLoopback));
      if (refused || list.length === 0) {
        callback(new RefusedAddressError('refused address'), '', 0);
        return;
      }
      if (options.all) {
        (callback as unknown as (e: null, a: typeof list) => void)(null, list);
      } else {
        callback(null, list[0]!.address, list[0]!.family);
      }
    });
  };
}
