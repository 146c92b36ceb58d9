import { describe, expect, it } from 'vitest';
import { SERVER_EVENT_NAMES, SERVER_EVENTS } from './events.js';

describe('the server event map', () => {
  it('names every event as a fact, `<resource>.<pastTense>`', () => {
    for (const name of SERVER_EVENT_NAMES) expect(name).toMatch(/^[a-z]+(\.[a-z]+)*\.[a-z]+ed$/);
  });

  it('gives every event a seq when a reconnect resumes it by seq', () => {
    for (const name of SERVER_EVENT_NAMES) {
      const { payload, resume } = SERVER_EVENTS[name];
      if (resume === 'refetch') continue;
      const shape = (payload as unknown as { shape: Record<string, unknown> }).shape;
      expect(Object.keys(shape), name).toContain('seq');
    }
  });
});
