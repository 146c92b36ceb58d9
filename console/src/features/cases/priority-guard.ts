import { PRIORITIES } from '@hutong/shared';
import type { Priority } from '@hutong/shared';

/** True for P1–P4; timeline event data is loosely typed, so it is checked before display. */
export function isPriority(value: unknown): value is Priority {
  return typeof value === 'string' && (PRIORITIES as readonly string[]).includes(value);
}
