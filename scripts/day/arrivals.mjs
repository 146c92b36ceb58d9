// Seeded arrivals: the same scenario, seed and window always give the same list. Each stream
// (calls, SMS, web, partner) has its own random sequence, so changing one leaves the others.
import { rng } from '../../bench/lib/reports.mjs';

/** A Poisson count with mean `lambda` (Knuth for small means, a normal approximation above). */
export function poisson(random, lambda) {
  if (lambda <= 0) return 0;
  if (lambda > 50) {
    const u = Math.max(1e-12, random());
    const v = random();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal));
  }
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= random();
  } while (p > limit);
  return k - 1;
}

/** Draws a human delay (simulated seconds) from a scenario delay spec. */
export function sampleDelay(random, spec) {
  let value;
  if (spec.shape === 'fixed') value = spec.mean;
  else if (spec.shape === 'uniform') value = random() * 2 * spec.mean;
  else value = -spec.mean * Math.log(Math.max(1e-12, 1 - random()));
  if (spec.min !== undefined) value = Math.max(spec.min, value);
  if (spec.max !== undefined) value = Math.min(spec.max, value);
  return value;
}

/** Picks a key of a weights object. */
export function pickWeighted(random, weights) {
  const entries = Object.entries(weights).filter(([, w]) => (w ?? 0) > 0);
  const total = entries.reduce((a, [, w]) => a + w, 0);
  let r = random() * total;
  for (const [key, w] of entries) {
    r -= w;
    if (r < 0) return key;
  }
  return entries.at(-1)[0];
}

const STREAMS = ['call', 'sms', 'web', 'partner'];

/**
 * The arrivals of the window [startHour, startHour + hours), sorted by time. `atS` is simulated
 * seconds from midnight. `scale` multiplies every rate (for a quick look at a heavy scenario).
 */
export function generateArrivals(scenario, { seed, startHour = 0, hours = 24, scale = 1 }) {
  const arrivals = [];
  STREAMS.forEach((kind, streamIndex) => {
    const random = rng((seed * 7919 + streamIndex * 104_729 + 1) >>> 0);
    const rates = {
      call: scenario.calls.perHour,
      sms: scenario.sms.perHour,
      web: scenario.web.perHour,
      partner: scenario.partner.perHour,
    }[kind];
    let index = 0;
    const end = startHour + hours;
    for (let h = Math.floor(startHour); h < end; h++) {
      const from = Math.max(startHour, h);
      const length = Math.min(end, h + 1) - from;
      const count = poisson(random, rates[h % 24] * scale * length);
      const times = Array.from({ length: count }, () => (from + random() * length) * 3600).sort(
        (a, b) => a - b,
      );
      for (const atS of times) arrivals.push(describe(kind, index++, atS, random, scenario));
    }
  });
  return arrivals.sort((a, b) => a.atS - b.atS || a.id.localeCompare(b.id));
}

function describe(kind, index, atS, random, scenario) {
  const base = { id: `${kind}-${index}`, kind, atS: Math.round(atS * 1000) / 1000 };
  if (kind === 'call') {
    const c = scenario.calls;
    const menu = pickWeighted(random, c.menu);
    const r = random();
    return {
      ...base,
      language: pickWeighted(random, c.language),
      menu,
      patienceS: Math.round(sampleDelay(random, c.patience) * 10) / 10,
      talkS: Math.round(sampleDelay(random, c.talk) * 10) / 10,
      // Only general callers are offered voicemail or a callback (urgent ones never are).
      leaves:
        menu === 'immediate_danger'
          ? 'never'
          : r < c.voicemailShare
            ? 'voicemail'
            : r < c.voicemailShare + c.callbackShare
              ? 'callback'
              : 'never',
    };
  }
  if (kind === 'sms') return { ...base, language: pickWeighted(random, scenario.sms.language) };
  const s = scenario.situations;
  const r = random();
  return {
    ...base,
    language: random() < 0.85 ? 'zh-CN' : 'en',
    danger: r < s.immediateDangerShare,
    serious: r < s.immediateDangerShare + s.seriousShare,
    bodySeed: Math.floor(random() * 1e9),
  };
}
