// One short real day: the real server (PGlite), the Twilio simulator, Socket.IO operators. Needs
// the built packages (npm test builds them first).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDay } from './run.mjs';
import { parseScenario } from './scenario.mjs';

/** The default scenario with two operators all day (the demo's own), no referrals, busy hours. */
function tinyScenario() {
  const text = readFileSync(join(import.meta.dirname, 'scenarios/default.yaml'), 'utf8');
  const s = parseScenario(text, 'default.yaml');
  return {
    ...s,
    name: 'tiny',
    calls: {
      ...s.calls,
      perHour: s.calls.perHour.map(() => 16),
      patience: { mean: 600, min: 300, shape: 'fixed' as const },
    },
    sms: { ...s.sms, perHour: s.sms.perHour.map(() => 4) },
    web: { perHour: s.web.perHour.map(() => 4) },
    partner: { perHour: s.partner.perHour.map(() => 2) },
    operators: {
      ...s.operators,
      shifts: [{ name: 'all day', from: 0, to: 24, operators: 2 }],
      referShare: 0,
    },
  };
}

describe('a short simulated day on the real system', () => {
  it('accounts for every report and answers calls', { timeout: 90_000 }, async () => {
    const result = await runDay({
      scenario: tinyScenario(),
      speed: 480,
      hours: 0.5,
      startHour: 9,
      seed: 4,
      db: 'pglite',
      databaseUrl: '',
      dropOne: false,
    });
    expect(result.accounting.lost).toBe(0);
    expect(result.accounting.duplicated).toBe(0);
    expect(result.accounting.received).toBeGreaterThan(0);
    expect(result.accounting.onConsole).toBe(result.accounting.received);
    expect(result.calls.offered).toBeGreaterThan(0);
    expect(result.calls.answered).toBeGreaterThan(0);
    expect(result.ok).toBe(true);
    // Every simulated reporter's report is valid: none refused.
    expect((result.writtenReports as { refused: number }).refused).toBe(0);
  });
});
