import { describe, expect, it } from 'vitest';
import { formatCountdown, formatDate, formatDateTime, formatTime, regionLabel } from './format';

const now = Date.parse('2030-01-01T00:00:00.000Z');
const at = (seconds: number) => now + seconds * 1000;

describe('formatCountdown', () => {
  it('shows minutes and seconds under an hour', () => {
    expect(formatCountdown(at(59), now, 'en')).toEqual({ overdue: false, text: '00:59' });
    expect(formatCountdown(at(5 * 60), now, 'en')).toEqual({ overdue: false, text: '05:00' });
  });

  it('rounds the time left down, so a deadline is never shown later than it is', () => {
    expect(formatCountdown(now + 59_999, now, 'en').text).toBe('00:59');
  });

  it('shows hours, minutes and seconds under a day', () => {
    expect(formatCountdown(at(3600 + 4 * 60 + 9), now, 'en').text).toBe('1:04:09');
  });

  it('shows days and hours in each language beyond a day', () => {
    const deadline = at(2 * 86_400 + 3 * 3600 + 59);
    expect(formatCountdown(deadline, now, 'en').text).toBe('2 d 03 h');
    expect(formatCountdown(deadline, now, 'zh-CN').text).toBe('2天3小时');
  });

  it('marks a passed deadline as overdue and counts up from it', () => {
    expect(formatCountdown(at(-75), now, 'en')).toEqual({ overdue: true, text: '01:15' });
  });

  it('shows a just-missed deadline as overdue by a second, never as 00:00 overdue', () => {
    expect(formatCountdown(now - 1, now, 'en')).toEqual({ overdue: true, text: '00:01' });
  });

  it('treats the exact deadline as not yet overdue', () => {
    expect(formatCountdown(now, now, 'en')).toEqual({ overdue: false, text: '00:00' });
  });
});

describe('regionLabel', () => {
  it('joins the path and the name once, whether or not the path ends with the name', () => {
    expect(regionLabel({ name: '天河区', path: ['广东省', '广州市'] })).toBe(
      '广东省 › 广州市 › 天河区',
    );
    expect(regionLabel({ name: '天河区', path: ['广东省', '广州市', '天河区'] })).toBe(
      '广东省 › 广州市 › 天河区',
    );
    expect(regionLabel(null)).toBe('—');
  });
});

describe('dates and times', () => {
  // 00:55 UTC is 08:55 in Beijing (UTC+8, no daylight saving).
  const morning = '2026-12-02T00:55:07.000Z';

  it('shows date and time in Beijing time, unambiguously, in each language', () => {
    expect(formatDateTime(morning, 'zh-CN')).toBe('2026年12月2日 08:55');
    expect(formatDateTime(morning, 'en')).toBe('2 Dec 2026, 08:55');
  });

  it('has date-only and time-only variants', () => {
    expect(formatDate(morning, 'zh-CN')).toBe('2026年12月2日');
    expect(formatDate(morning, 'en')).toBe('2 Dec 2026');
    expect(formatTime(morning, 'en')).toBe('08:55');
    expect(formatTime(morning, 'zh-CN', { seconds: true })).toBe('08:55:07');
  });

  it('puts a UTC evening on the next day in Beijing, and UTC midnight at 08:00', () => {
    expect(formatDateTime('2026-12-31T16:00:00.000Z', 'en')).toBe('1 Jan 2027, 00:00');
    expect(formatDateTime('2026-12-31T15:59:00.000Z', 'zh-CN')).toBe('2026年12月31日 23:59');
    expect(formatDateTime('2026-03-01T00:00:00.000Z', 'en')).toBe('1 Mar 2026, 08:00');
  });

  it('accepts epoch milliseconds and Dates, and gives back what it cannot read', () => {
    expect(formatTime(Date.parse(morning), 'en')).toBe('08:55');
    expect(formatDate(new Date(morning), 'en')).toBe('2 Dec 2026');
    expect(formatDateTime('not a date', 'en')).toBe('not a date');
  });
});
