import { createHash } from 'node:crypto';
import {
  ANSWER_WITHIN_SECONDS,
  CHANNELS,
  CHILD_CATEGORIES,
  CHILD_RISK_LEVELS,
  SITUATION_CATEGORIES,
  SMS_REPLY_WITHIN_SECONDS,
} from '@hutong/shared';
import type { Context } from '../../context.js';

/**
 * The counters one rollup row holds, in the order of its `counts` array. WARNING: the stored
 * rows follow this order; any change gives another `layoutId`, and the job rebuilds them all.
 */
export const HIST_BUCKETS = 96;
export const PRIORITY_KEYS = ['P1', 'P2', 'P3', 'P4', 'untriaged'] as const;

const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

export const COUNTERS = [
  'contacts.total',
  'contacts.responded',
  ...CHANNELS.map((c) => `contacts.channel.${c}`),
  ...PRIORITY_KEYS.map((p) => `contacts.priority.${p}`),
  ...range('contacts.hour.', 24),
  ...SITUATION_CATEGORIES.map((c) => `contacts.category.${c}`),
  'calls.offered',
  'calls.answered',
  'calls.answeredInTime',
  'calls.abandoned',
  ...range('calls.wait.', HIST_BUCKETS),
  'sms.conversations',
  'sms.repliedInTime',
  'cases.opened',
  ...range('cases.claim.', HIST_BUCKETS),
  'cases.resolved',
  ...range('cases.resolution.', HIST_BUCKETS),
  'cases.reopened',
  // The register. Files on file at a period's end are a stock: the files registered before it
  // (`added`, on the day registered) less those that left before it (`left`, on the later of
  // the days registered and closed), by the file's risk level and categories as they are now.
  ...registerFlow('added'),
  ...registerFlow('left'),
  'register.visits',
  'register.warningsRaised',
  'register.warningsEscalated',
  // Check-in calls (回访) placed from the files, on the day placed, where the child's file is.
  'calls.outbound.made',
  'calls.outbound.answered',
] as const;

function registerFlow(flow: 'added' | 'left') {
  return [
    `register.${flow}`,
    ...CHILD_RISK_LEVELS.map((r) => `register.${flow}.risk.${r}`),
    ...CHILD_CATEGORIES.map((c) => `register.${flow}.category.${c}`),
  ];
}

const INDEX = new Map<string, number>(COUNTERS.map((name, i) => [name, i]));

/** The 0-based position of a counter (or of a histogram's first bucket). */
export function at(name: string): number {
  const i = INDEX.get(name);
  if (i === undefined) throw new Error(`No counter ${name}`);
  return i;
}

/** Referral counters per centre (stats_rollup_referrals.counts). */
export const REFERRAL_COUNTERS = [
  'made',
  'ackedInTime',
  'escalated',
  'declined',
  'rerouted',
] as const;

/** The region levels a rollup region may have: a region counts in the deepest of its lineage. */
const KEY_LEVELS = new Set(['province', 'city', 'county']);

const cache = new WeakMap<
  object,
  { regions: unknown[]; keys: Map<string, string>; layout: string }
>();

/**
 * The rollup regions and the layout id, computed once per loaded region tree: a reload gives new
 * region objects, so the same objects in the same order mean the same tree.
 */
export function rollupMapping(ctx: Context): { keys: Map<string, string>; layout: string } {
  const regions = ctx.regions.list();
  const hit = cache.get(ctx.regions);
  if (hit && hit.regions.length === regions.length && hit.regions.every((r, i) => r === regions[i]))
    return hit;
  const keys = rollupKeys(ctx);
  const entry = { regions, keys, layout: layoutId(keys) };
  cache.set(ctx.regions, entry);
  return entry;
}

/** Every region's rollup region ('' for none, kept for places outside the tree). */
export function rollupKeys(ctx: Context): Map<string, string> {
  const keys = new Map<string, string>();
  for (const region of ctx.regions.list()) {
    const lineage = ctx.regions.lineage(region.code);
    let key = region.code;
    for (const r of lineage) if (KEY_LEVELS.has(r.level)) key = r.code;
    keys.set(region.code, key);
  }
  return keys;
}

/**
 * Names what the stored rows were computed with: the counters, the time limits and the region
 * mapping. Rows of another layout are never read; the job rebuilds them.
 */
export function layoutId(keys: Map<string, string>): string {
  const hash = createHash('sha256');
  hash.update(`v1|${HIST_BUCKETS}|${ANSWER_WITHIN_SECONDS}|${SMS_REPLY_WITHIN_SECONDS}|`);
  hash.update(COUNTERS.join(','));
  for (const [code, key] of [...keys].sort(([a], [b]) => a.localeCompare(b)))
    hash.update(`|${code}>${key}`);
  return hash.digest('base64url').slice(0, 22);
}
