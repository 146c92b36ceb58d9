#!/usr/bin/env node
import { parseArgs } from 'node:util';
import type { SimCallView, SimMessageView } from './control-api.js';
import { readSimulatorState } from './state-file.js';

const USAGE = `Usage: npm run sim -- <command> [options]

  call --from <number> [--to <number>] [--press <digits>]... [--hangup-after <s>]
       [--record <s>] [--wait <state[,state]>] [--timeout <ms>]
      Place a call to the hotline. Each --press answers one menu in order
      ("-" stays silent). Waits until the call is enqueued, bridged or completed.
  sms --from <number> [--to <number>] "<text>"     Send an SMS to the hotline.
  press <CallSid> <digits>                          Press keys on a live call.
  hangup <CallSid>                                  Hang up a live call.
  calls | messages | queues                         List what the simulator holds.

Options: --sim <url> (else HUTONG_SIM_URL, else simulator.json in HUTONG_DATA_DIR, default
./data, as the backend writes it), --json`;

async function simulatorUrl(flag: string | undefined): Promise<string> {
  const url = flag ?? process.env.HUTONG_SIM_URL ?? (await readSimulatorState())?.url;
  if (!url) {
    throw new Error(
      'No simulator found: start the system with `npm start` (no Twilio account configured), ' +
        'or pass --sim http://127.0.0.1:PORT or set HUTONG_SIM_URL.',
    );
  }
  return url.replace(/\/$/, '');
}

async function api<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}/sim${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`simulator answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

function printCall(call: SimCallView): void {
  console.log(`Call ${call.sid}  ${call.from} → ${call.to}`);
  for (const entry of call.transcript) {
    console.log(`  heard ${entry.language ? `[${entry.language}] ` : ''}${entry.text}`);
  }
  for (const event of call.events) {
    if (
      [
        'press',
        'enqueue',
        'queue-exit',
        'dial',
        'bridged',
        'recorded',
        'fallback',
        'webhook-failed',
        'hangup',
      ].includes(event.type)
    ) {
      const detail = event.detail ? ` ${JSON.stringify(event.detail)}` : '';
      console.log(`  event ${event.type}${detail}`);
    }
  }
  const where = call.queue ? ` in queue "${call.queue}"` : '';
  console.log(`  status ${call.status} (${call.activity})${where}`);
}

function printMessage(message: SimMessageView): void {
  console.log(
    `${message.direction.padEnd(14)} ${message.from} → ${message.to} [${message.status}] ${message.body}`,
  );
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      sim: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      press: { type: 'string', multiple: true },
      'hangup-after': { type: 'string' },
      record: { type: 'string' },
      wait: { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (!command || values.help) {
    console.log(USAGE);
    return;
  }
  const base = await simulatorUrl(values.sim);
  const out = (data: unknown, print: () => void): void => {
    if (values.json) console.log(JSON.stringify(data, null, 2));
    else print();
  };
  switch (command) {
    case 'call': {
      if (!values.from) throw new Error('call needs --from <number>');
      const digits = (values.press ?? []).map((d) => (d === '-' ? null : d));
      const call = await api<SimCallView>(base, 'POST', '/calls', {
        from: values.from,
        ...(values.to ? { to: values.to } : {}),
        digits,
        ...(values['hangup-after'] ? { hangupAfterSeconds: Number(values['hangup-after']) } : {}),
        ...(values.record ? { recordSeconds: Number(values.record) } : {}),
        waitFor: values.wait ?? 'enqueued,bridged,conference,completed,ended',
        timeoutMs: Number(values.timeout ?? 60_000),
      });
      out(call, () => printCall(call));
      return;
    }
    case 'sms': {
      const body = rest.join(' ');
      if (!values.from || !body) throw new Error('sms needs --from <number> and the text');
      const result = await api<{
        message: SimMessageView;
        webhookStatus: number;
        replies: SimMessageView[];
      }>(base, 'POST', '/sms', {
        from: values.from,
        body,
        ...(values.to ? { to: values.to } : {}),
      });
      out(result, () => {
        printMessage(result.message);
        console.log(`  webhook answered ${result.webhookStatus}`);
        for (const reply of result.replies) printMessage(reply);
      });
      return;
    }
    case 'press': {
      const [sid, digits] = rest;
      if (!sid || !digits) throw new Error('press needs <CallSid> <digits>');
      const call = await api<SimCallView>(base, 'POST', `/calls/${sid}/press`, { digits });
      out(call, () => printCall(call));
      return;
    }
    case 'hangup': {
      const [sid] = rest;
      if (!sid) throw new Error('hangup needs <CallSid>');
      const call = await api<SimCallView>(base, 'POST', `/calls/${sid}/hangup`, {});
      out(call, () => printCall(call));
      return;
    }
    case 'calls': {
      const { calls } = await api<{ calls: SimCallView[] }>(base, 'GET', '/calls');
      out(calls, () => calls.forEach(printCall));
      return;
    }
    case 'messages': {
      const { messages } = await api<{ messages: SimMessageView[] }>(base, 'GET', '/messages');
      out(messages, () => messages.forEach(printMessage));
      return;
    }
    case 'queues': {
      const data = await api<unknown>(base, 'GET', '/queues');
      console.log(JSON.stringify(data, null, 2));
      return;
    }
    default:
      throw new Error(`unknown command "${command}"\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
