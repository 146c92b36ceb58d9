import { randomUUID } from 'node:crypto';
import { signTwilioRequest } from '../twilio/validate.js';

/** Faults the simulator injects into its own webhook deliveries. */
export interface SimulatorFaults {
  /** Deliver every status callback (call, message, recording) twice. */
  duplicateStatusCallbacks: boolean;
  /** Deliver every inbound SMS webhook twice, with the same MessageSid. */
  duplicateSmsWebhooks: boolean;
  /** Hold each call's status callbacks and deliver them in reverse order when it ends. */
  reverseStatusCallbacks: boolean;
  /** Requests to exactly `path` fail as if the connection was refused (`times` left, else always). */
  failPaths: Array<{ path: string; times?: number }>;
  /** Requests to exactly `path` are answered `delayMs` late; past the timeout they count as failed. */
  slowPaths: Array<{ path: string; delayMs: number }>;
  /**
   * The TwiML answered on exactly `path` runs `delayMs` after the answer came (Twilio's own lag
   * between a webhook's reply and, say, the caller joining the queue it names).
   */
  lagPaths: Array<{ path: string; delayMs: number }>;
  /**
   * REST requests (`method` and the path under the account, e.g. `/Messages.json`) answered
   * `503` with Twilio's error body, as in an outage of Twilio's API (`times` left, else always).
   */
  failRest: Array<{ method: string; path: string; times?: number }>;
}

/** No faults. */
export function noFaults(): SimulatorFaults {
  return {
    duplicateStatusCallbacks: false,
    duplicateSmsWebhooks: false,
    reverseStatusCallbacks: false,
    failPaths: [],
    slowPaths: [],
    lagPaths: [],
    failRest: [],
  };
}

/** The outcome of one webhook request. */
export interface WebhookResult {
  ok: boolean;
  status: number;
  body: string;
  /** Twilio's error code when the request failed: 11200 HTTP error, 11205 connection failure. */
  errorCode?: number;
}

/** One webhook request as recorded for tests (parameters omitted: they hold personal data). */
export interface WebhookLogEntry {
  at: number;
  method: string;
  url: string;
  status: number;
  ok: boolean;
  injected?: 'fail' | 'slow' | 'duplicate';
}

/** Sends signed webhooks exactly as Twilio does: form-encoded POST (or GET), X-Twilio-Signature. */
export class WebhookSender {
  readonly log: WebhookLogEntry[] = [];

  constructor(
    private readonly authToken: string,
    private readonly faults: () => SimulatorFaults,
    private readonly timeoutMs: () => number,
  ) {}

  /** Sends one request; never throws: failures come back as `ok: false`. */
  async send(
    url: string,
    params: Record<string, string>,
    method = 'POST',
    options: { duplicate?: boolean } = {},
  ): Promise<WebhookResult> {
    const faults = this.faults();
    const path = safePath(url);
    const failing = faults.failPaths.find((f) => path === f.path && (f.times ?? 1) > 0);
    if (failing) {
      if (failing.times !== undefined) failing.times -= 1;
      this.log.push({ at: Date.now(), method, url, status: 0, ok: false, injected: 'fail' });
      return { ok: false, status: 0, body: '', errorCode: 11205 };
    }
    const slow = faults.slowPaths.find((f) => path === f.path);
    if (slow && slow.delayMs >= this.timeoutMs()) {
      // The backend still gets the request late, but Twilio has stopped waiting (a timeout).
      await pause(this.timeoutMs());
      void pause(slow.delayMs - this.timeoutMs()).then(() =>
        this.deliver(url, params, method, 'slow'),
      );
      return { ok: false, status: 0, body: '', errorCode: 11205 };
    }
    if (slow) await pause(slow.delayMs);
    const result = await this.deliver(url, params, method, slow ? 'slow' : undefined);
    if (options.duplicate) await this.deliver(url, params, method, 'duplicate');
    const lag = faults.lagPaths.find((f) => path === f.path);
    if (lag) await pause(lag.delayMs);
    return result;
  }

  private async deliver(
    url: string,
    params: Record<string, string>,
    method: string,
    injected: WebhookLogEntry['injected'],
  ): Promise<WebhookResult> {
    const isGet = method.toUpperCase() === 'GET';
    let target = url;
    if (isGet) {
      const u = new URL(url);
      for (const [key, value] of Object.entries(params)) u.searchParams.set(key, value);
      target = u.toString();
    }
    const signature = signTwilioRequest(this.authToken, target, isGet ? {} : params);
    const headers: Record<string, string> = {
      'X-Twilio-Signature': signature,
      'I-Twilio-Idempotency-Token': randomUUID(),
      'User-Agent': 'TwilioProxy/1.1 (hutong-simulator)',
      Accept: '*/*',
    };
    if (!isGet) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    try {
      const response = await fetch(target, {
        method: isGet ? 'GET' : 'POST',
        headers,
        ...(isGet ? {} : { body: new URLSearchParams(params).toString() }),
        signal: AbortSignal.timeout(this.timeoutMs()),
      });
      const body = await response.text();
      const entry: WebhookLogEntry = {
        at: Date.now(),
        method,
        url,
        status: response.status,
        ok: response.ok,
      };
      if (injected) entry.injected = injected;
      this.log.push(entry);
      return response.ok
        ? { ok: true, status: response.status, body }
        : { ok: false, status: response.status, body, errorCode: 11200 };
    } catch {
      const entry: WebhookLogEntry = { at: Date.now(), method, url, status: 0, ok: false };
      if (injected) entry.injected = injected;
      this.log.push(entry);
      return { ok: false, status: 0, body: '', errorCode: 11205 };
    }
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
