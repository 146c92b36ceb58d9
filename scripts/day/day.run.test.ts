// One short real day: the real server (PGlite), the Twilio simulator, Socket.IO operators, the
// supervisor, centres (console and phone), and the register's director and township supervisor.
// Needs the built packages (npm test builds them first).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDay } from './run.mjs';
import { parseScenario, type Scenario } from './scenario.mjs';

/**
 * The default scenario squeezed so that half an hour exercises every actor: two operators kept
 * busy by long calls (so claims run late and the supervisor reassigns them), every case referred,
 * most written reports urgent (voice alerts to the centres, some acknowledged by pressing 1, some
 * never), and eight register files all falling due, half visited late, half by a check-in call,
 * half finding danger and escalated to the hotline.
 */
function shortScenario(): Scenario {
  const text = readFileSync(join(import.meta.dirname, 'scenarios/default.yaml'), 'utf8');
  const s = parseScenario(text, 'default.yaml');
  const fixed = (mean: number) => ({ mean, shape: 'fixed' as const });
  return {
    ...s,
    name: 'short',
    calls: {
      ...s.calls,
      perHour: s.calls.perHour.map(() => 12),
      patience: { mean: 600, min: 300, shape: 'fixed' as const },
      talk: fixed(300),
    },
    sms: { ...s.sms, perHour: s.sms.perHour.map(() => 4) },
    web: { perHour: s.web.perHour.map(() => 8) },
    partner: { perHour: s.partner.perHour.map(() => 2) },
    situations: { immediateDangerShare: 0.4, seriousShare: 0.6 },
    operators: {
      ...s.operators,
      shifts: [{ name: 'all day', from: 0, to: 24, operators: 2 }],
      claim: fixed(20),
      assess: fixed(60),
      refer: fixed(30),
      referShare: 1,
    },
    centres: { acknowledge: fixed(60), neverShare: 0.3, phoneShare: 1 },
    supervision: { react: fixed(10), reassignShare: 1, rerouteShare: 1 },
    register: {
      children: 8,
      // All eight fall due in the half hour.
      duePerDay: 384,
      phoneShare: 0.5,
      guardianAnswers: 1,
      lateShare: 0.5,
      late: fixed(180),
      early: fixed(60),
      dangerShare: 0.5,
      warnings: { react: fixed(30), escalateShare: 1 },
    },
  };
}

describe('a short simulated day on the real system', () => {
  it(
    'accounts for every report, and every actor of the day acts and is counted',
    { timeout: 300_000 },
    async () => {
      const result = await runDay({
        scenario: shortScenario(),
        speed: 120,
        hours: 0.5,
        startHour: 9,
        seed: 4,
        db: 'pglite',
        databaseUrl: '',
        dropOne: false,
        out: mkdtempSync(join(tmpdir(), 'hutong-day-')),
      });
      expect(existsSync(result.serverLog)).toBe(true);
      expect(result.accounting.lost).toBe(0);
      expect(result.accounting.duplicated).toBe(0);
      expect(result.accounting.received).toBeGreaterThan(0);
      expect(result.accounting.onConsole).toBe(result.accounting.received);
      expect(result.calls.offered).toBeGreaterThan(0);
      expect(result.calls.answered).toBeGreaterThan(0);
      expect(result.ok).toBe(true);
      // Every simulated reporter's report is valid: none refused.
      expect((result.writtenReports as { refused: number }).refused).toBe(0);

      // The register: every file due was visited or is counted as not done; some by a check-in
      // call the guardian answered; visits found danger and raised warnings; the warnings the
      // director escalated became cases on an operator's console, in the accounting.
      const reg = result.register!;
      expect(reg.files).toBe(8);
      expect(reg.visits.due).toBe(8);
      expect(reg.visits.done + reg.visits.notDoneAtEnd).toBe(8);
      expect(reg.visits.done).toBeGreaterThan(0);
      expect(reg.visits.onTime + reg.visits.late).toBe(reg.visits.home + reg.visits.phone);
      expect(reg.checkinCalls.made).toBeGreaterThan(0);
      expect(reg.checkinCalls.answered).toBeGreaterThan(0);
      expect(reg.visits.phone).toBeGreaterThan(0);
      expect(reg.warnings.byKind.danger_signal).toBeGreaterThan(0);
      expect(reg.warnings.escalated).toBeGreaterThan(0);
      expect(reg.escalationsOnConsole).toBe(reg.warnings.escalated);
      expect(
        (result.accounting as unknown as { byChannel: Record<string, number> }).byChannel
          .monitoring,
      ).toBe(reg.warnings.escalated);
      expect(reg.warningToCaseS.p50).toBeGreaterThan(0);
      expect(reg.errors).toEqual([]);

      // The supervisor: claims ran late and were handed to an operator, who worked them.
      const sup = result.supervision!;
      expect(sup.lateClaims).toBeGreaterThan(0);
      expect(sup.lateClaimsReassigned).toBeGreaterThan(0);
      expect(sup.reassignedCasesWorked).toBeGreaterThan(0);
      expect(sup.referralsRerouted).toBe(result.referrals.rerouted);
      expect(sup.errors).toEqual([]);

      // Centres: urgent referrals rang the duty phone; some were acknowledged by pressing 1.
      expect(result.referrals.alertCalls!.alertCalls).toBeGreaterThan(0);
      expect(result.referrals.acknowledgedByPhone).toBeGreaterThan(0);
      expect(result.referrals.alertCalls!.pressed).toBeGreaterThanOrEqual(
        result.referrals.acknowledgedByPhone,
      );
    },
  );
});
