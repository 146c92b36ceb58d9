import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './lib/logger.js';
import { RedisNotFoundError, startPrivateRedis, type PrivateRedis } from './lib/redis-server.js';
import { DEMO_USERS } from './features/admin/seed-demo.js';
import { startHutong } from './hutong.js';
import { startDemoSimulator } from './features/telephony/demo-simulator.js';
import { startDemo12345 } from './features/hotline12345/simulator/demo.js';

/** The demo users' password: from the environment, else the one generated on first run. */
function demoPassword(config: Config): string {
  const file = join(config.dataDir, 'demo-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = config.demoPassword ?? randomBytes(9).toString('base64url');
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(file, password, { mode: 0o600 });
  return password;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env, process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  let privateRedis: PrivateRedis | undefined;
  let redisUrl = config.redisUrl;
  if (!redisUrl) {
    privateRedis = await startPrivateRedis(join(config.dataDir, 'redis'));
    redisUrl = privateRedis.url;
    log.info({ redis: redisUrl }, 'started a private redis-server');
  }
  const password = config.mode === 'demo' ? demoPassword(config) : undefined;
  const hutong = await startHutong(config, {
    redisUrl,
    log,
    ...(password ? { demoPassword: password } : {}),
  });

  const base = config.publicUrl ?? hutong.url;
  // Demo mode without a Twilio account: the simulator plays Twilio, in-process.
  const simulator =
    config.mode === 'demo' && !config.twilio.accountSid && hutong.url
      ? await startDemoSimulator(hutong.ctx, config)
      : undefined;
  // Demo mode without a 12345 endpoint: the 12345 simulator sends orders and takes the steps.
  const sim12345 =
    config.mode === 'demo' && !config.hotline12345.url && hutong.url
      ? await startDemo12345(hutong.ctx, hutong.url, hutong.database)
      : undefined;
  const lines = [
    '',
    `  Hutong 护童 is running (${config.mode} mode, role ${config.role}, ${hutong.database.kind === 'pglite' ? 'PGlite' : 'PostgreSQL'})`,
  ];
  if (hutong.url) lines.push(`  Console:        ${base}/`, `  Report form:    ${base}/report`);
  if (password) {
    lines.push(
      `  Demo logins:    ${DEMO_USERS.map((u) => u.username).join(', ')}`,
      `  Demo password:  ${password}`,
    );
    if (config.demoPassword && config.demoPassword !== password) {
      lines.push(
        '  (HUTONG_DEMO_PASSWORD differs from the password seeded earlier; the seeded one still applies)',
      );
    }
  }
  if (simulator) {
    lines.push(
      `  Phone simulator: ${simulator.url} (hotline ${simulator.hotlineNumber}); try`,
      '                  npm run sim -- call --from +8613800000000 --press 1 --press 1',
    );
  }
  if (sim12345) {
    lines.push(
      `  12345 simulator: ${sim12345.url}; try`,
      '                  npm run sim -- 12345 order --content "邻居家孩子常被打骂" --region 乳源瑶族自治县',
    );
  }
  lines.push('  Press Ctrl-C to stop.', '');
  console.log(lines.join('\n'));

  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) {
      console.error('Forced exit.');
      process.exit(1);
    }
    shuttingDown = true;
    log.info({ signal }, 'shutting down: no new requests; finishing work in hand');
    Promise.resolve(simulator?.stop())
      .then(() => sim12345?.stop())
      .then(() => hutong.stop())
      .then(() => privateRedis?.stop())
      .then(() => {
        log.info('stopped cleanly');
        process.exit(0);
      })
      .catch((err: unknown) => {
        log.error({ err }, 'error while stopping');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof RedisNotFoundError) {
    console.error(err.message);
  } else {
    // Through the logger: a failed migration or seed names its query and values in the message.
    createLogger('info').fatal({ err }, 'Hutong could not start');
  }
  process.exit(1);
});
