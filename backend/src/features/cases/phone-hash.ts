import type { Context } from '../../context.js';
import { phoneHash as hashWithKey } from '../privacy/reporter-identity.js';

/**
 * The keyed hash of a phone number as stored in `reports.reporter_phone_hash`. Case search looks
 * numbers up through this, and intake stores them through the same privacy helper, so the two
 * always agree on normalisation and key.
 */
export function phoneHash(ctx: Pick<Context, 'config'>, phone: string): string {
  return hashWithKey(ctx.config.dataKey, phone);
}
