/** The shared audio context; browsers only let it start after a user gesture, hence `unlock`. */
let context: AudioContext | null = null;

function audioContextClass(): typeof AudioContext | undefined {
  return typeof window === 'undefined' ? undefined : window.AudioContext;
}

/** Creates or resumes the audio context; call it from a click so later alerts may sound. */
export function unlockAudio(): boolean {
  const Ctor = audioContextClass();
  if (!Ctor) return false;
  context ??= new Ctor();
  if (context.state === 'suspended') void context.resume();
  return true;
}

/**
 * Whether the tone can sound now: `suspended` after a reload until the next click (browsers'
 * autoplay rule), `unsupported` without Web Audio.
 */
export function audioState(): 'running' | 'suspended' | 'unsupported' {
  const Ctor = audioContextClass();
  if (!Ctor) return 'unsupported';
  context ??= new Ctor();
  return context.state === 'running' ? 'running' : 'suspended';
}

/** Calls `listener` whenever the audio context starts or stops; returns the unsubscribe. */
export function onAudioStateChange(listener: () => void): () => void {
  if (!context) return () => undefined;
  const ctx = context;
  ctx.addEventListener('statechange', listener);
  return () => ctx.removeEventListener('statechange', listener);
}

/**
 * Plays a two-note alert (880 Hz then 660 Hz, three times) generated with the Web Audio API,
 * so no audio file has to be fetched while the network may be the thing that is failing.
 */
export function playAlertTone(): void {
  const Ctor = audioContextClass();
  if (!Ctor) return;
  context ??= new Ctor();
  const ctx = context;
  const start = ctx.currentTime + 0.05;
  const note = 0.18;
  for (let i = 0; i < 6; i += 1) {
    const at = start + i * (note + 0.04);
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = i % 2 === 0 ? 880 : 660;
    // Short ramps avoid the click of a square start and stop.
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(0.3, at + 0.02);
    gain.gain.linearRampToValueAtTime(0, at + note);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start(at);
    oscillator.stop(at + note + 0.01);
  }
}
