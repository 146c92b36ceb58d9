import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HUTONG_MODE: z.enum(['demo', 'production']).optional(),
  HUTONG_ROLE: z.enum(['api', 'worker', 'all']).default('all'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  // Demo mode listens on loopback only, production on every address (see loadConfig).
  HOST: z.string().min(1).optional(),
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
  HUTONG_WRAP_UP_SECONDS: z.coerce.number().int().min(10).max(3600).default(120),
  HUTONG_INTAKE_RATE_LIMIT: z.coerce.number().int().positive().default(30),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(20),
  DATABASE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  HUTONG_TRIAGE_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(64),
  HUTONG_TRIAGE_FETCHERS: z.coerce.number().int().min(1).max(16).default(4),
  HUTONG_TRIAGE_IN_PROCESS: z.enum(['true', 'false']).default('true'),
  HUTONG_CONSOLE_DIR: z.string().optional(),
  HUTONG_WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(1).default(60_000),
  HUTONG_WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
  HUTONG_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  HUTONG_WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).default(100),
  HUTONG_WEBHOOK_DISABLE_AFTER_HOURS: z.coerce.number().positive().default(24),
  /** Prometheus: `GET /metrics` on the API port with `Authorization: Bearer <token>`. */
  HUTONG_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Prometheus: `/metrics` without a token on this internal port, in every role (workers too). */
  HUTONG_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  HUTONG_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
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
  /** The tables' owner, used only to migrate; DATABASE_URL's role then owns nothing. */
  DATABASE_MIGRATION_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** Proxies whose X-Forwarded-For is believed: a hop count, or addresses/CIDRs/Express names. */
  HUTONG_TRUSTED_PROXIES: z
    .string()
    .superRefine((value, issue) => {
      for (const message of trustedProxyProblems(value))
        issue.addIssue({ code: 'custom', message });
    })
    .optional(),
  HUTONG_LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(30),
  /** Where Hutong POSTs its steps back to 12345 (签收, 过程反馈, 办结, 退单). */
  HUTONG_12345_URL: z.url().optional(),
  /** The Standard Webhooks secret those messages are signed with (`whsec_` + base64). */
  HUTONG_12345_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/, 'must be whsec_ followed by base64 (24+ bytes)')
    .optional(),
  /** 12345's field names for ours, as JSON: `{"orderNumber":"gdbh","content":"sqnr"}`. */
  HUTONG_12345_FIELD_MAP: z
    .string()
    .superRefine((value, issue) => {
      const problem = fieldMapProblem(value);
      if (problem) issue.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
});

type Role = 'api' | 'worker' | 'all';

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
  /** How long after a call an operator stays in wrap-up unless they finish it first. */
  wrapUpSeconds: number;
  /** Reports per minute per client address on the public intake. */
  intakeRateLimit: number;
  /** Connections per process to the PostgreSQL server (PGlite has one). */
  databasePoolSize: number;
  /** How long a statement on the server may go unanswered before it fails as unavailable (0: no limit). */
  databaseQueryTimeoutMs: number;
  /** Triage jobs a worker process runs at once. */
  triageConcurrency: number;
  /** BullMQ workers fetching the intake queue side by side in a worker process. */
  triageFetchers: number;
  /**
   * Whether a process that runs the workers triages the reports it accepts itself, right after
   * their commit, rather than through a BullMQ job (see triageJobsHere).
   */
  triageInProcess: boolean;
  consoleDir: string | undefined;
  /** Twilio; without an account SID demo mode runs the simulator in-process. */
  twilio: TwilioConfig;
  logLevel: z.infer<typeof ZEnv>['LOG_LEVEL'];
  production: boolean;
  /** Migrations run over this URL (the tables' owner) when set; else over `databaseUrl`. */
  databaseMigrationUrl: string | undefined;
  /**
   * Express's `trust proxy`: false (the default: X-Forwarded-For is ignored and the client is
   * the peer), a hop count, or the proxies' addresses, CIDRs or Express's names (`loopback` …).
   */
  trustProxy: TrustProxy;
  /** Failed sign-ins per client address per 15 minutes before 429. */
  loginRateLimit: number;
  webhooks: WebhookConfig;
  /** Prometheus metrics: off unless a token or an internal port is set. */
  metrics: { token: string | undefined; port: number | undefined; host: string };
  hotline12345: Hotline12345Config;
}

/** The 12345 linkage (HUTONG_12345_*). */
interface Hotline12345Config {
  /**
   * 12345's endpoint for Hutong's steps; unset, messages wait (pending) until it is set. Demo
   * mode points it at the in-process 12345 simulator once that has started.
   */
  url: string | undefined;
  /** The Standard Webhooks secret; in demo mode without one, a generated development secret. */
  secret: string;
  /** Our field name → 12345's, applied to orders coming in and to steps going out. */
  fieldMap: Record<string, string>;
}

/** Partner webhook deliveries (HUTONG_WEBHOOK_*). */
interface WebhookConfig {
  /** The first retry's delay; each next one doubles (12 attempts at 1 min span about 34 h). */
  retryBaseMs: number;
  attempts: number;
  /** How long a receiver has to answer one attempt. */
  timeoutMs: number;
  /** An endpoint is disabled after this many failed attempts in a row … */
  disableAfterFailures: number;
  /** … or after failing every attempt for this long. */
  disableAfterMs: number;
  /** Whether an endpoint may be on this machine (demo mode, to try it out); never private nets. */
  allowLoopback: boolean;
}

/** See Config.trustProxy. */
type TrustProxy = false | number | string[];

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
    if (e.HUTONG_12345_URL && !e.HUTONG_12345_SECRET)
      problems.push('HUTONG_12345_SECRET: required with HUTONG_12345_URL in production mode');
  }
  if (e.DATABASE_MIGRATION_URL) {
    if (!e.DATABASE_URL) {
      problems.push('DATABASE_MIGRATION_URL: needs DATABASE_URL (PGlite has no roles)');
    } else if (!urlUser(e.DATABASE_URL)) {
      problems.push('DATABASE_URL: must name its role when DATABASE_MIGRATION_URL is set');
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const dataDir = resolve(e.HUTONG_DATA_DIR);
  return {
    mode,
    role: e.HUTONG_ROLE,
    port: e.PORT,
    // A demo holds generated secrets and a phone simulator: reachable from this machine only.
    host: e.HOST ?? (mode === 'demo' ? '127.0.0.1' : '0.0.0.0'),
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
    wrapUpSeconds: e.HUTONG_WRAP_UP_SECONDS,
    intakeRateLimit: e.HUTONG_INTAKE_RATE_LIMIT,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databaseQueryTimeoutMs: e.DATABASE_QUERY_TIMEOUT_MS,
    triageConcurrency: e.HUTONG_TRIAGE_CONCURRENCY,
    triageFetchers: e.HUTONG_TRIAGE_FETCHERS,
    triageInProcess: e.HUTONG_TRIAGE_IN_PROCESS === 'true',
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
    databaseMigrationUrl: e.DATABASE_MIGRATION_URL,
    trustProxy: parseTrustProxy(e.HUTONG_TRUSTED_PROXIES),
    loginRateLimit: e.HUTONG_LOGIN_RATE_LIMIT,
    webhooks: {
      retryBaseMs: e.HUTONG_WEBHOOK_RETRY_BASE_MS,
      attempts: e.HUTONG_WEBHOOK_ATTEMPTS,
      timeoutMs: e.HUTONG_WEBHOOK_TIMEOUT_MS,
      disableAfterFailures: e.HUTONG_WEBHOOK_DISABLE_AFTER_FAILURES,
      disableAfterMs: e.HUTONG_WEBHOOK_DISABLE_AFTER_HOURS * 3600_000,
      allowLoopback: mode !== 'production',
    },
    metrics: {
      token: e.HUTONG_METRICS_TOKEN,
      port: e.HUTONG_METRICS_PORT,
      host: e.HUTONG_METRICS_HOST,
    },
    hotline12345: {
      url: e.HUTONG_12345_URL,
      secret: e.HUTONG_12345_SECRET ?? (mode === 'demo' ? demo12345Secret(dataDir) : ''),
      fieldMap: e.HUTONG_12345_FIELD_MAP
        ? (JSON.parse(e.HUTONG_12345_FIELD_MAP) as Record<string, string>)
        : {},
    },
  };
}

/** Why a HUTONG_12345_FIELD_MAP value is unusable, or undefined: a JSON object of names. */
function fieldMapProblem(value: string): string | undefined {
  let map: unknown;
  try {
    map = JSON.parse(value);
  } catch {
    return 'must be a JSON object, e.g. {"orderNumber":"gdbh"}';
  }
  if (!map || typeof map !== 'object' || Array.isArray(map)) return 'must be a JSON object';
  const names = Object.values(map as Record<string, unknown>);
  if (names.some((n) => typeof n !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(n)))
    return 'each value must be a field name (letters, digits, _)';
  if (new Set(names).size !== names.length) return 'two fields map to the same name';
  return undefined;
}

/** The user a URL names, or '' (also for a URL that does not parse). */
function urlUser(url: string): string {
  try {
    return new URL(url).username;
  } catch {
    return '';
  }
}

/** The names Express's `trust proxy` (proxy-addr) accepts besides addresses and CIDRs. */
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function proxyEntries(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** One message per entry of HUTONG_TRUSTED_PROXIES that Express would refuse or misread. */
function trustedProxyProblems(value: string): string[] {
  if (/^\s*\d+\s*$/.test(value)) return [];
  const entries = proxyEntries(value);
  if (entries.length === 0) return ['list addresses or CIDRs separated by commas, or a hop count'];
  const problems: string[] = [];
  for (const entry of entries) {
    if (PROXY_NAMES.includes(entry)) continue;
    const [address = '', bits, extra] = entry.split('/');
    const version = isIP(address);
    const max = version === 4 ? 32 : 128;
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
    if (version === 0 || !bitsOk || extra !== undefined) {
      problems.push(
        `"${entry}" is not an IP address, a CIDR (address/bits) or one of ${PROXY_NAMES.join(', ')}`,
      );
    }
  }
  return problems;
}

function parseTrustProxy(value: string | undefined): TrustProxy {
  if (value === undefined) return false;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) === 0 ? false : Number(value);
  return proxyEntries(value);
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

/** Demo mode only: the secret Hutong signs its messages to the 12345 simulator with. */
function demo12345Secret(dataDir: string): string {
  const file = join(dataDir, '12345-dev-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
