import { TwilioSimulator } from '@hutong/ivr/simulator';
import type { TestServer } from './server.js';

const SIM_ACCOUNT_SID = 'AC00000000000000000000000000000000';

/**
 * Twilio's side, played by the simulator: it signs its webhooks to the first server with
 * `authToken` (start the servers with the same TWILIO_AUTH_TOKEN), and every server's REST
 * client talks to it — the same call the demo start-up makes.
 */
export async function attachSimulator(
  servers: TestServer | TestServer[],
  options: { authToken: string; timeScale: number; accountSid?: string },
): Promise<TwilioSimulator> {
  const all = Array.isArray(servers) ? servers : [servers];
  const accountSid = options.accountSid ?? SIM_ACCOUNT_SID;
  const sim = await TwilioSimulator.start({
    authToken: options.authToken,
    accountSid,
    webhookBaseUrl: all[0]!.url,
    timeScale: options.timeScale,
  });
  for (const server of all) {
    server.hutong.ctx.telephony.useSimulator({ apiBase: sim.url, accountSid });
  }
  return sim;
}
