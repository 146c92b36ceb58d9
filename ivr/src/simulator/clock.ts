/** Converts simulated seconds to real milliseconds under a time scale (0.01: 60 s → 600 ms). */
export class SimClock {
  constructor(readonly timeScale: number) {}

  /** Real milliseconds for `seconds` of simulated time. */
  ms(seconds: number): number {
    return Math.max(0, seconds * 1000 * this.timeScale);
  }

  /** Simulated seconds elapsed since the real timestamp `since` (ms). */
  secondsSince(since: number): number {
    return (Date.now() - since) / 1000 / this.timeScale;
  }
}

/** Resolves after `ms` real milliseconds without keeping the process alive. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });
}

/** Roughly how long text-to-speech takes to say `text` (Chinese ~4 characters/s, else ~14). */
export function speechSeconds(text: string, language: string | undefined): number {
  const perSecond = language?.startsWith('cmn') || language?.startsWith('zh') ? 4 : 14;
  return Math.max(0.5, text.length / perSecond);
}
