import { z } from 'zod';

/** Every error the API can answer with, and its HTTP status. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  INVALID_SIGNATURE: 403,
  NOT_FOUND: 404,
  ACCOUNT_LOCKED: 423,
  CASE_ALREADY_CLAIMED: 409,
  CASE_VERSION_CONFLICT: 409,
  ILLEGAL_TRANSITION: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  /** The URL or headers are over Node's limit (answered before Express). */
  HEADERS_TOO_LARGE: 431,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  CROSS_ORIGIN_REFUSED: 403,
  /** Work on a case that only its holder (or a supervisor) may do. */
  CASE_NOT_HELD: 403,
  /** The signed-in reporter's organisation has been deactivated. */
  ORG_INACTIVE: 403,
  /** An operator opens a child's file only from a case linked to it (and none links this one). */
  CHILD_NOT_LINKED: 403,
  /** The same child (name, birth date, village) is already on the register; data names the file. */
  CHILD_ALREADY_REGISTERED: 409,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** The one error body every route writes: `{ "error": { code, status, message, data? } }`. */
export const ZErrorEnvelope = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    status: z.number().int(),
    message: z.string(),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type TErrorEnvelope = z.infer<typeof ZErrorEnvelope>;

/** An error whose message is safe to show to the person who caused it. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly data: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, options: { message: string; data?: Record<string, unknown> }) {
    super(options.message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.data = options.data;
  }

  toEnvelope(): TErrorEnvelope {
    return {
      error: {
        code: this.code,
        status: this.status,
        message: this.message,
        ...(this.data ? { data: this.data } : {}),
      },
    };
  }

  /** Reads an error body from the API; anything unrecognised becomes INTERNAL. */
  static parse(body: unknown, fallbackStatus = 500): AppError {
    const parsed = ZErrorEnvelope.safeParse(body);
    if (parsed.success) {
      const { code, message, data } = parsed.data.error;
      return new AppError(code, { message, ...(data ? { data } : {}) });
    }
    const code: ErrorCode = fallbackStatus === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL';
    return new AppError(code, { message: `Unexpected response (HTTP ${fallbackStatus})` });
  }
}

/** Turns zod issues into `{ "children.0.age": "Too big: …" }`, one message per field path. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.') || '(body)';
    out[path] ??= issue.message;
  }
  return out;
}
