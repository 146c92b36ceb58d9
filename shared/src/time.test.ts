import { describe, expect, it } from 'vitest';
import { formatLocalDateTime } from './time.js';

describe('formatLocalDateTime', () => {
  it('shows Shanghai local time, eight hours ahead of UTC, in both languages', () => {
    expect(formatLocalDateTime('2026-12-02T00:55:00Z', 'zh-CN')).toBe('2026年12月2日 08:55');
    expect(formatLocalDateTime('2026-12-02T00:55:00Z', 'en')).toBe('2 Dec 2026, 08:55');
  });

  it('moves to the next day after 16:00 UTC, midnight as 00:00', () => {
    expect(formatLocalDateTime(new Date('2026-12-31T16:00:00Z'), 'zh-CN')).toBe(
      '2027年1月1日 00:00',
    );
    expect(formatLocalDateTime('2026-06-30T15:59:00Z', 'en')).toBe('30 Jun 2026, 23:59');
  });

  it('gives back what is not a time', () => {
    expect(formatLocalDateTime('soon', 'en')).toBe('soon');
  });
});
