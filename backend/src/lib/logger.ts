import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The process logger. Log ids, never personal data: the redact list is a second line of
 * defence for fields that must never reach a log even by mistake.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'hutong' },
    redact: {
      paths: [
        '*.password',
        '*.phone',
        '*.name',
        '*.narrative',
        '*.address',
        '*.body',
        'req.headers.cookie',
      ],
      censor: '[redacted]',
    },
  });
}
