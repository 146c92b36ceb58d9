import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import {
  ZHotline12345Feedback,
  type THotline12345Feedback,
  type THotline12345Order,
  type THotline12345Rating,
  type THotline12345Urge,
} from '@hutong/shared';
import { WIRE } from '../wire.js';

/** What the simulated 12345 sent to Hutong, and what Hutong answered. */
export interface SimOrder {
  orderNumber: string;
  sentAt: string;
  status: number;
  answer: unknown;
}

/** One message Hutong sent back, as 12345 received it (signature checked). */
export interface SimFeedback {
  receivedAt: string;
  /** Whether the `webhook-signature` matched; unsigned or badly signed messages are refused (401). */
  verified: boolean;
  /** A `ZHotline12345Feedback` when verified. */
  body: unknown;
}

export interface SimAnswer<T = unknown> {
  status: number;
  body: T;
}

/** Signed messages are accepted within this many seconds of their timestamp (Standard Webhooks). */
const TOLERANCE_S = 5 * 60;

/**
 * A stand-in for the 12345 platform, for development and tests: it sends work orders, urges and
 * ratings to Hutong with 12345's partner key, and receives Hutong's steps at `POST /feedback`,
 * checking their signature (see ../wire.ts). Its control API (`/control/…`) drives it from
 * `npm run sim -- 12345 …`.
 */
export class Hotline12345Simulator {
  readonly orders: SimOrder[] = [];
  readonly feedback: SimFeedback[] = [];
  private failures = new Map<string, number>();
  private counter = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly options: SimulatorOptions,
  ) {}

  /** Starts on 127.0.0.1 (a random port unless `port`). */
  static async start(options: SimulatorOptions): Promise<Hotline12345Simulator> {
    const started: { sim?: Hotline12345Simulator } = {};
    const server = createServer((req, res) => {
      void started.sim!.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    started.sim = new Hotline12345Simulator(server, `http://127.0.0.1:${port}`, options);
    return started.sim;
  }

  /** Where Hutong sends its steps (HUTONG_12345_URL). */
  get feedbackUrl(): string {
    return `${this.url}/feedback`;
  }

  /** The next `count` messages from Hutong about this order are answered 503 (to watch retries). */
  failNext(orderNumber: string, count: number): void {
    this.failures.set(orderNumber, count);
  }

  /** Hutong's steps for one order, in the order they arrived (verified ones only). */
  stepsOf(orderNumber: string): THotline12345Feedback[] {
    return this.feedback
      .filter((f) => f.verified)
      .map((f) => ZHotline12345Feedback.safeParse(f.body))
      .flatMap((p) => (p.success && p.data.orderNumber === orderNumber ? [p.data] : []));
  }

  /** Hands an order to Hutong; missing fields get plausible values (a number, now, 72 hours). */
  async sendOrder(order: Partial<THotline12345Order> & { content: string }): Promise<SimAnswer> {
    const now = new Date();
    const full: THotline12345Order = {
      orderNumber: order.orderNumber ?? this.nextNumber(now),
      orderTime: order.orderTime ?? now.toISOString(),
      region: order.region ?? '韶关市',
      timeLimit: order.timeLimit ?? new Date(now.getTime() + 72 * 3600_000).toISOString(),
      ...(order.caller ? { caller: order.caller } : {}),
      content: order.content,
    };
    const answer = await this.post('/api/partners/12345/orders', full);
    this.orders.push({
      orderNumber: full.orderNumber,
      sentAt: now.toISOString(),
      status: answer.status,
      answer: answer.body,
    });
    return answer;
  }

  urge(orderNumber: string, urge: THotline12345Urge = {}): Promise<SimAnswer> {
    return this.post(`/api/partners/12345/orders/${encodeURIComponent(orderNumber)}/urge`, urge);
  }

  rate(orderNumber: string, rating: THotline12345Rating): Promise<SimAnswer> {
    return this.post(
      `/api/partners/12345/orders/${encodeURIComponent(orderNumber)}/rating`,
      rating,
    );
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private nextNumber(now: Date): string {
    this.counter += 1;
    const day = now.toISOString().slice(0, 10).replaceAll('-', '');
    return `SIM${day}${String(now.getTime() % 1_000_000).padStart(6, '0')}${this.counter}`;
  }

  private async post(path: string, body: unknown): Promise<SimAnswer> {
    const response = await fetch(`${this.options.hutongUrl.replace(/\/$/, '')}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${this.options.apiKey}`,
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
  }

  /** Whether a message carries a valid signature of the shared secret, recent enough. */
  private verify(req: IncomingMessage, body: string): boolean {
    const id = req.headers['webhook-id'];
    const timestamp = req.headers['webhook-timestamp'];
    const signatures = req.headers['webhook-signature'];
    if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string')
      return false;
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_S) return false;
    const expected = Buffer.from(WIRE.signature(this.options.secret, id, Number(timestamp), body));
    return signatures.split(' ').some((candidate) => {
      const given = Buffer.from(candidate);
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = new URL(req.url ?? '/', this.url).pathname;
    if (req.method === 'POST' && path === '/feedback') {
      const verified = this.verify(req, body);
      if (!verified) {
        this.feedback.push({ receivedAt: new Date().toISOString(), verified, body: null });
        res.writeHead(401).end();
        return;
      }
      const message = JSON.parse(body) as { orderNumber?: unknown };
      const failures = this.failures.get(String(message.orderNumber)) ?? 0;
      if (failures > 0) {
        this.failures.set(String(message.orderNumber), failures - 1);
        res.writeHead(503).end();
        return;
      }
      const id = req.headers['webhook-id'];
      // At-least-once delivery: a message id already recorded is acknowledged, not kept twice.
      const seen = this.feedback.some(
        (f) => f.verified && (f.body as { id?: unknown } | null)?.id === id,
      );
      if (!seen)
        this.feedback.push({ receivedAt: new Date().toISOString(), verified, body: message });
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'GET' && path === '/control/orders') {
      return json(res, 200, {
        orders: this.orders.map((o) => ({ ...o, steps: this.stepsOf(o.orderNumber) })),
        refused: this.feedback.filter((f) => !f.verified).length,
      });
    }
    const parsed = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    if (req.method === 'POST' && path === '/control/orders') {
      const answer = await this.sendOrder(parsed as THotline12345Order);
      return json(res, 200, answer);
    }
    const action = /^\/control\/orders\/([^/]+)\/(urge|rating)$/.exec(path);
    if (req.method === 'POST' && action) {
      const number = decodeURIComponent(action[1]!);
      const answer =
        action[2] === 'urge'
          ? await this.urge(number, parsed)
          : await this.rate(number, parsed as unknown as THotline12345Rating);
      return json(res, 200, answer);
    }
    json(res, 404, { error: 'not found' });
  }
}

export interface SimulatorOptions {
  /** Hutong's base URL. */
  hutongUrl: string;
  /** 12345's partner key at Hutong (an organisation of kind service_line_12345). */
  apiKey: string;
  /** HUTONG_12345_SECRET: the Standard Webhooks secret Hutong signs with. */
  secret: string;
  port?: number;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
