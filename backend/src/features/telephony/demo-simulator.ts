import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { TwilioSimulator, simulatorStatePath } from '@hutong/ivr/simulator';
import type { Config } from '../../config.js';
import type { Context } from '../../context.js';

/** The simulator's fixed development account SID (not a real Twilio account). */
const DEMO_ACCOUNT_SID = `AC${'0'.repeat(31)}1`;

/**
 * Demo mode with no Twilio account: starts the simulator in this process, signing webhooks to
 * this server with the same token the webhooks are validated with, points the REST client at
 * it, and writes simulator.json in the data directory (HUTONG_DATA_DIR) for `npm run sim`.
 */
export async function startDemoSimulator(
  ctx: Context,
  config: Config,
): Promise<TwilioSimulator & { stop(): Promise<void> }> {
  const sim = await TwilioSimulator.start({
    authToken: config.twilio.authToken,
    accountSid: DEMO_ACCOUNT_SID,
    webhookBaseUrl: ctx.telephony.baseUrl,
    hotlineNumber: config.twilio.phoneNumber,
    timeScale: config.timeScale,
  });
  ctx.telephony.useSimulator({ apiBase: sim.url, accountSid: DEMO_ACCOUNT_SID });
  const file = simulatorStatePath(config.dataDir);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    JSON.stringify({ url: sim.url, hotlineNumber: sim.hotlineNumber, pid: process.pid }, null, 2),
  );
  const stop = sim.stop.bind(sim);
  return Object.assign(sim, {
    async stop() {
      rmSync(file, { force: true });
      await stop();
    },
  });
}
