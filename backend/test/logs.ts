import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/**
 * A trace-level pino logger writing to memory, with none of the production redaction: what a test
 * finds in `text()` is what the system itself let through.
 */
export function captureLogs(): {
  log: Logger;
  text: () => string;
  lines: () => Record<string, any>[];
} {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return {
    log: pino({ level: 'trace' }, sink),
    text: () => text,
    lines: () =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, any>),
  };
}
