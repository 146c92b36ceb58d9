import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiClient } from './api-client';
import { askEarly, takeEarly } from './early';

const client = () => ({ request: vi.fn(), file: vi.fn() }) as unknown as ApiClient;

afterEach(() => {
  vi.useRealTimers();
});

describe('answers asked for as the console starts', () => {
  it('are taken once, by the first to ask for them', async () => {
    const api = client();
    let sent = 0;
    askEarly(api, 'me', () => Promise.resolve(++sent));
    expect(sent).toBe(1);
    await expect(takeEarly(api, 'me')).resolves.toBe(1);
    // A second screen, a retry: asks the server itself.
    expect(takeEarly(api, 'me')).toBeUndefined();
  });

  it('belong to the client they were asked with: another client never gets them', () => {
    const api = client();
    askEarly(api, 'me', () => Promise.resolve('first'));
    expect(takeEarly(client(), 'me')).toBeUndefined();
    expect(takeEarly(api, 'other')).toBeUndefined();
    expect(takeEarly(api, 'me')).toBeDefined();
  });

  it('are not used once they are half a minute old', () => {
    vi.useFakeTimers({ now: new Date('2026-12-07T04:00:00Z') });
    const api = client();
    askEarly(api, 'me', () => Promise.resolve('stale'));
    vi.setSystemTime(new Date('2026-12-07T04:00:31Z'));
    expect(takeEarly(api, 'me')).toBeUndefined();
  });

  it('keep a failure for whoever takes it, and raise no unhandled rejection when nobody does', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const api = client();
      askEarly(api, 'taken', () => Promise.reject(new Error('refused')));
      askEarly(api, 'left', () => Promise.reject(new Error('nobody needed this')));
      await expect(takeEarly(api, 'taken')).rejects.toThrow('refused');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
