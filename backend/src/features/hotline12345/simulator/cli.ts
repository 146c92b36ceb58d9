#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SATISFACTIONS } from '@hutong/shared';
import { STATE_FILE_NAME } from './demo.js';

const USAGE = `Usage: npm run sim -- 12345 <command> [options]

  order --content "<text>" [--number <no>] [--region <code or name>] [--caller-name <name>]
        [--caller-phone <phone>] [--limit-hours <h>]   12345 hands a work order to Hutong.
  urge <number> [--comment "<text>"]                   12345 urges (督办) an order.
  rate <number> --satisfaction <${SATISFACTIONS.join('|')}> [--comment "<text>"]
                                                       12345 sends the caller's rating.
  orders                                               The orders sent and every step Hutong
                                                       sent back (签收, 过程反馈, 办结, 退单).

Options: --sim <url> (else HUTONG_12345_SIM_URL, else ${STATE_FILE_NAME} in HUTONG_DATA_DIR,
default ./data, as \`npm start\` writes it), --json`;

async function simulatorUrl(flag: string | undefined): Promise<string> {
  let url = flag ?? process.env.HUTONG_12345_SIM_URL;
  if (!url) {
    try {
      const file = resolve(join(process.env.HUTONG_DATA_DIR ?? 'data', STATE_FILE_NAME));
      url = (JSON.parse(await readFile(file, 'utf8')) as { url?: string }).url;
    } catch {
      // No state file: say how to get one below.
    }
  }
  if (!url) {
    throw new Error(
      'No 12345 simulator found: start the system with `npm start` (no HUTONG_12345_URL set), ' +
        'or pass --sim http://127.0.0.1:PORT or set HUTONG_12345_SIM_URL.',
    );
  }
  return url.replace(/\/$/, '');
}

async function control(base: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}/control${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`12345 simulator answered ${response.status}: ${text}`);
  return JSON.parse(text) as { status?: number; body?: unknown } & Record<string, unknown>;
}

interface Listed {
  orderNumber: string;
  sentAt: string;
  status: number;
  answer: { reference?: string };
  steps: { step: string; time: string; text: string }[];
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      sim: { type: 'string' },
      json: { type: 'boolean' },
      content: { type: 'string' },
      number: { type: 'string' },
      region: { type: 'string' },
      'caller-name': { type: 'string' },
      'caller-phone': { type: 'string' },
      'limit-hours': { type: 'string' },
      comment: { type: 'string' },
      satisfaction: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, target] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  const base = await simulatorUrl(values.sim);
  const print = (answer: unknown) => console.log(JSON.stringify(answer, null, 2));
  switch (command) {
    case 'order': {
      if (!values.content) throw new Error('Give the order\'s --content "…"');
      const hours = Number(values['limit-hours'] ?? 72);
      const caller = {
        ...(values['caller-name'] ? { name: values['caller-name'] } : {}),
        ...(values['caller-phone'] ? { phone: values['caller-phone'] } : {}),
      };
      const answer = await control(base, 'POST', '/orders', {
        content: values.content,
        ...(values.number ? { orderNumber: values.number } : {}),
        ...(values.region ? { region: values.region } : {}),
        ...(Object.keys(caller).length ? { caller } : {}),
        timeLimit: new Date(Date.now() + hours * 3600_000).toISOString(),
      });
      if (values.json) return print(answer);
      const body = answer.body as { orderNumber?: string; reference?: string };
      console.log(
        answer.status === 201 || answer.status === 200
          ? `Order ${body.orderNumber} → Hutong ${body.reference} (HTTP ${answer.status})`
          : `Hutong refused the order (HTTP ${answer.status}): ${JSON.stringify(answer.body)}`,
      );
      return;
    }
    case 'urge':
    case 'rate': {
      if (!target)
        throw new Error(`Give the order number: npm run sim -- 12345 ${command} <number>`);
      const body =
        command === 'urge'
          ? { ...(values.comment ? { comment: values.comment } : {}) }
          : {
              satisfaction: values.satisfaction ?? 'satisfied',
              ...(values.comment ? { comment: values.comment } : {}),
            };
      const path = `/orders/${encodeURIComponent(target)}/${command === 'urge' ? 'urge' : 'rating'}`;
      const answer = await control(base, 'POST', path, body);
      if (values.json) return print(answer);
      console.log(`HTTP ${answer.status}: ${JSON.stringify(answer.body)}`);
      return;
    }
    case 'orders': {
      const listed = await control(base, 'GET', '/orders');
      if (values.json) return print(listed);
      const orders = listed.orders as Listed[];
      if (orders.length === 0) console.log('No orders sent yet.');
      for (const order of orders) {
        console.log(
          `Order ${order.orderNumber}  sent ${order.sentAt}  → ${order.answer.reference ?? `HTTP ${order.status}`}`,
        );
        for (const step of order.steps) console.log(`  ${step.time}  ${step.step}: ${step.text}`);
      }
      if (Number(listed.refused) > 0)
        console.log(`(${String(listed.refused)} message(s) refused: bad signature)`);
      return;
    }
    default:
      throw new Error(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
