import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HUTONG_MODE: z.enum(['demo', 'production']).optional(),
  HUTONG_ROLE: z.enum(['api', 'worker', 'all']).default('all'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  HUTONG_REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+$/i, 'letters, digits, - and _ only')
    .default('hutong'),
  HUTONG_DATA_DIR: z.string().min(1).default('./data'),
  HUTONG_DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  HUTONG_BOOTSTRAP_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  HUTONG_PUBLIC_URL: z.url().optional(),
  HUTONG_DATA_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  /** The key being rotated away from: still read, never written (see privacy/rotate-key.ts). */
  HUTONG_DATA_KEY_PREVIOUS: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  HUTONG_TIME_SCALE: z.coerce.number().positive().max(1000).default(1),
  HUTONG_INTAKE_RATE_LIMIT: z.coerce.number().int().positive().default(30),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(20),
  HUTONG_TRIAGE_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(16),
  HUTONG_CONSOLE_DIR: z.string().optional(),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-f]{32}$/i, 'must look like AC + 32 hex digits')
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(8).optional(),
  TWILIO_API_KEY: z
    .string()
    .regex(/^SK[0-9a-f]{32}$/i, 'must look like SK + 32 hex digits')
    .optional(),
  TWILIO_API_SECRET: z.string().min(8).optional(),
  TWILIO_TWIML_APP_SID: z
    .string()
    .regex(/^AP[0-9a-f]{32}$/i, 'must look like AP + 32 hex digits')
    .optional(),
  TWILIO_API_BASE: z.url().optional(),
  TWILIO_PHONE_NUMBER: z
    .string()
    .regex(/^\+[1-9][0-9]{6,14}$/, 'must be an E.164 number')
    .default('+861012355000'),
  HUTONG_DUTY_PHONE: z
    .string()
    .regex(/^\+[1-9][0-9]{6,14}$/, 'must be an E.164 number')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Role = 'api' | 'worker' | 'all';

/** The validated configuration; nothing else reads process.env. */
export interface Config {
  mode: 'demo' | 'production';
  role: Role;
  port: number;
  host: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  redisPrefix: string;
  dataDir: string;
  demoPassword: string | undefined;
  /** Creates the first `admin` in an empty production database. */
  bootstrapAdminPassword: string | undefined;
  publicUrl: string | undefined;
  dataKey: Buffer;
  /** Keys older data may still be under, during a rotation. */
  previousDataKeys: Buffer[];
  /** Multiplies every SLA and escalation duration (tests run whole ladders in seconds). */
  timeScale: number;
  /** Reports per minute per client address on the public intake. */
  intakeRateLimit: number;
  /** Connections per process to the PostgreSQL server (PGlite has one). */
  databasePoolSize: number;
  /** Triage jobs a worker process runs at once. */
  triageConcurrency: number;
  consoleDir: string | undefined;
  /** Twilio; without an account SID demo mode runs the simulator in-process. */
  twilio: TwilioConfig;
  logLevel: z.infer<typeof ZEnv>['LOG_LEVEL'];
  production: boolean;
}

/** Twilio credentials and numbers (TWILIO_*, HUTONG_DUTY_PHONE). */
export interface TwilioConfig {
  accountSid: string | undefined;
  /** Validates every webhook; in demo mode without TWILIO_AUTH_TOKEN a generated development token. */
  authToken: string;
  apiKey: string | undefined;
  apiSecret: string | undefined;
  twimlAppSid: string | undefined;
  /** Sends REST calls to this base instead of api.twilio.com (the simulator). */
  apiBase: string | undefined;
  phoneNumber: string;
  dutyPhone: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the environment, listing every problem at once. In demo mode a data key
 * is generated under the data directory on first run; production must supply one.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  argv: readonly string[] = [],
): Config {
  const roleArg = argv.find((a) => a.startsWith('--role='))?.slice('--role='.length);
  const roleIndex = argv.indexOf('--role');
  const role = roleArg ?? (roleIndex >= 0 ? argv[roleIndex + 1] : undefined);
  // An empty variable (`FOO=` in a compose file) means "not set".
  const given = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = ZEnv.safeParse({ ...given, ...(role ? { HUTONG_ROLE: role } : {}) });
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`),
    );
  }
  const e = parsed.data;
  const mode = e.HUTONG_MODE ?? (e.NODE_ENV === 'production' ? 'production' : 'demo');
  const problems: string[] = [];
  if (mode === 'production') {
    if (!e.DATABASE_URL) problems.push('DATABASE_URL: required in production mode');
    if (!e.REDIS_URL) problems.push('REDIS_URL: required in production mode');
    if (!e.HUTONG_DATA_KEY) problems.push('HUTONG_DATA_KEY: required in production mode');
    if (!e.HUTONG_PUBLIC_URL) problems.push('HUTONG_PUBLIC_URL: required in production mode');
    if (e.TWILIO_ACCOUNT_SID && !e.TWILIO_AUTH_TOKEN)
      problems.push('TWILIO_AUTH_TOKEN: required with TWILIO_ACCOUNT_SID in production mode');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const dataDir = resolve(e.HUTONG_DATA_DIR);
  return {
    mode,
    role: e.HUTONG_ROLE,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.HUTONG_REDIS_PREFIX,
    dataDir,
    demoPassword: e.HUTONG_DEMO_PASSWORD,
    bootstrapAdminPassword: e.HUTONG_BOOTSTRAP_ADMIN_PASSWORD,
    publicUrl: e.HUTONG_PUBLIC_URL?.replace(/\/$/, ''),
    dataKey: e.HUTONG_DATA_KEY ? Buffer.from(e.HUTONG_DATA_KEY, 'base64') : demoDataKey(dataDir),
    previousDataKeys: e.HUTONG_DATA_KEY_PREVIOUS
      ? [Buffer.from(e.HUTONG_DATA_KEY_PREVIOUS, 'base64')]
      : [],
    timeScale: e.HUTONG_TIME_SCALE,
    intakeRateLimit: e.HUTONG_INTAKE_RATE_LIMIT,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    triageConcurrency: e.HUTONG_TRIAGE_CONCURRENCY,
    consoleDir: e.HUTONG_CONSOLE_DIR,
    twilio: {
      accountSid: e.TWILIO_ACCOUNT_SID,
      authToken: e.TWILIO_AUTH_TOKEN ?? (mode === 'demo' ? demoTwilioToken(dataDir) : ''),
      apiKey: e.TWILIO_API_KEY,
      apiSecret: e.TWILIO_API_SECRET,
      twimlAppSid: e.TWILIO_TWIML_APP_SID,
      apiBase: e.TWILIO_API_BASE?.replace(/\/$/, ''),
      phoneNumber: e.TWILIO_PHONE_NUMBER,
      dutyPhone: e.HUTONG_DUTY_PHONE,
    },
    logLevel: e.LOG_LEVEL,
    production: mode === 'production',
  };
}

/** Demo mode only: a key kept beside the demo database, so restarts can still read old data. */
function demoDataKey(dataDir: string): Buffer {
  const file = join(dataDir, 'data-key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}

/** Demo mode only: the development token the in-process simulator signs webhooks with. */
function demoTwilioToken(dataDir: string): string {
  const file = join(dataDir, 'twilio-dev-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(16).toString('hex');
  writeFileSync(file, token, { mode: 0o600 });
  return token;
}
