// Erlang C: the check on the staffing search. Calls arrive at `ratePerHour`, each holds an
// operator `handleSeconds` on average; with `agents` operators, the share answered within
// `targetSeconds` (the classic service-level formula for an M/M/c queue).

/** Erlang B by the stable recursion B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)). */
export function erlangB(agents, erlangs) {
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (erlangs * b) / (k + erlangs * b);
  return b;
}

/** Probability that a caller waits at all (Erlang C); 1 when the line is overloaded. */
export function erlangC(agents, erlangs) {
  if (erlangs <= 0) return 0;
  if (agents <= erlangs) return 1;
  const b = erlangB(agents, erlangs);
  return (agents * b) / (agents - erlangs * (1 - b));
}

/** Share of calls answered within `targetSeconds`. */
export function serviceLevel({ agents, ratePerHour, handleSeconds, targetSeconds }) {
  const erlangs = (ratePerHour * handleSeconds) / 3600;
  if (erlangs <= 0) return 1;
  if (agents <= erlangs) return 0;
  const pWait = erlangC(agents, erlangs);
  return 1 - pWait * Math.exp((-(agents - erlangs) * targetSeconds) / handleSeconds);
}

/** The fewest operators that answer `target` (0.9) of calls within `targetSeconds`. */
export function agentsFor({ ratePerHour, handleSeconds, targetSeconds = 15, target = 0.9 }) {
  if (ratePerHour <= 0) return 0;
  for (let agents = 1; agents < 10_000; agents++) {
    if (serviceLevel({ agents, ratePerHour, handleSeconds, targetSeconds }) >= target)
      return agents;
  }
  return Infinity;
}
