/** Scales SLA durations: `HUTONG_TIME_SCALE=0.01` turns a 60 s claim deadline into 0.6 s. */
export function scaledMs(seconds: number, timeScale: number): number {
  return Math.max(1, Math.round(seconds * 1000 * timeScale));
}
