import type { RequestHandler } from 'express';
import type { Logger } from '../lib/logger.js';

/** Express's compiled `trust proxy` setting: is the hop `i` at `address` a trusted proxy? */
type TrustFn = (address: string, i: number) => boolean;

/**
 * Drops X-Forwarded-For and Forwarded from a peer that is not a trusted proxy (Express ignores
 * them anyway; dropped, no library downstream reads them either), and logs one warning per
 * process, not per request: if a proxy does sit in front, every client it forwards shares that
 * proxy's rate-limit bucket until HUTONG_TRUSTED_PROXIES names it.
 */
export function dropUntrustedForwarding(log: Logger): RequestHandler {
  let warned = false;
  return (req, _res, next) => {
    if ((req.headers['x-forwarded-for'] ?? req.headers.forwarded) !== undefined) {
      const trust = req.app.get('trust proxy fn') as TrustFn;
      const peer = req.socket.remoteAddress ?? '';
      if (!trust(peer, 0)) {
        delete req.headers['x-forwarded-for'];
        delete req.headers.forwarded;
        if (!warned) {
          warned = true;
          log.warn(
            { peer },
            'forwarded headers from a peer that is not a trusted proxy are ignored (set HUTONG_TRUSTED_PROXIES if a proxy sits in front)',
          );
        }
      }
    }
    next();
  };
}
