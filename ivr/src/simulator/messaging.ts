import { smsEncoding } from '../flows/sms-segments.js';
import { newSid } from './resources.js';
import { parseTwiml, type TwimlNode } from './twiml-parser.js';
import type { SimMessage } from './types.js';
import type { SimulatorFaults, WebhookResult } from './webhooks.js';

/** What the messaging engine needs from the simulator. */
export interface MessagingHost {
  readonly accountSid: string;
  readonly messages: SimMessage[];
  readonly smsUrl: string;
  readonly clock: { ms(seconds: number): number };
  faults(): SimulatorFaults;
  send(
    url: string,
    params: Record<string, string>,
    method?: string,
    duplicate?: boolean,
  ): Promise<WebhookResult>;
  notify(): void;
}

/** The outcome of one inbound SMS. */
export interface SmsResult {
  message: SimMessage;
  /** The webhook's HTTP status (0 when it could not be reached). */
  webhookStatus: number;
  /** Messages sent back through `<Message>` in the webhook's MessagingResponse. */
  replies: SimMessage[];
}

// Twilio's default opt-out handling recognises these (whole message, case-insensitive).
const OPT_OUT = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'];
const OPT_IN = ['START', 'UNSTOP', 'YES'];

/** Carries SMS both ways: inbound texts as signed webhooks, outbound with status callbacks. */
export class Messaging {
  /** Numbers that texted an opt-out keyword; REST sends to them fail with 21610. */
  readonly optedOut = new Set<string>();
  /** Numbers whose handsets never receive (delivery ends `undelivered`, 30003). */
  readonly unreachable = new Set<string>();
  private pending: Promise<unknown>[] = [];

  constructor(private readonly host: MessagingHost) {}

  private create(
    fields: Omit<
      SimMessage,
      | 'sid'
      | 'accountSid'
      | 'statusHistory'
      | 'errorCode'
      | 'dateCreated'
      | 'dateUpdated'
      | 'numSegments'
    >,
  ): SimMessage {
    const now = new Date();
    const message: SimMessage = {
      sid: newSid('SM'),
      accountSid: this.host.accountSid,
      statusHistory: [],
      errorCode: null,
      dateCreated: now,
      dateUpdated: now,
      numSegments: smsEncoding(fields.body).segments,
      ...fields,
    };
    this.host.messages.push(message);
    this.host.notify();
    return message;
  }

  /** Delivers an inbound SMS to the system's webhook and records any `<Message>` replies. */
  async receive(input: { from: string; to: string; body: string }): Promise<SmsResult> {
    const keyword = input.body.trim().toUpperCase();
    if (OPT_OUT.includes(keyword)) this.optedOut.add(input.from);
    if (OPT_IN.includes(keyword)) this.optedOut.delete(input.from);
    const message = this.create({ ...input, direction: 'inbound', status: 'received' });
    const params: Record<string, string> = {
      ToCountry: input.to.startsWith('+86') ? 'CN' : '',
      SmsMessageSid: message.sid,
      NumMedia: '0',
      SmsSid: message.sid,
      SmsStatus: 'received',
      Body: input.body,
      FromCountry: input.from.startsWith('+86') ? 'CN' : '',
      To: input.to,
      NumSegments: String(message.numSegments),
      MessageSid: message.sid,
      AccountSid: this.host.accountSid,
      From: input.from,
      ApiVersion: '2010-04-01',
    };
    const duplicate = this.host.faults().duplicateSmsWebhooks;
    const result = await this.host.send(this.host.smsUrl, params, 'POST', duplicate);
    const replies = result.ok
      ? await this.followTwiml(result.body, input, this.host.smsUrl, params)
      : [];
    return { message, webhookStatus: result.status, replies };
  }

  private async followTwiml(
    body: string,
    inbound: { from: string; to: string },
    docUrl: string,
    params: Record<string, string>,
    depth = 0,
  ): Promise<SimMessage[]> {
    let root: TwimlNode;
    try {
      root = parseTwiml(body);
    } catch {
      return [];
    }
    const replies: SimMessage[] = [];
    for (const verb of root.children) {
      if (verb.name === 'Message') {
        const text = verb.children.find((c) => c.name === 'Body')?.text ?? verb.text;
        const reply = this.create({
          from: verb.attrs.from ?? inbound.to,
          to: verb.attrs.to ?? inbound.from,
          body: text,
          direction: 'outbound-reply',
          status: 'queued',
          ...(verb.attrs.action
            ? { statusCallback: new URL(verb.attrs.action, docUrl).toString() }
            : {}),
        });
        replies.push(reply);
        this.deliver(reply);
      } else if (verb.name === 'Redirect' && depth < 10) {
        const url = new URL(verb.text, docUrl).toString();
        const result = await this.host.send(url, params, verb.attrs.method ?? 'POST');
        if (result.ok)
          replies.push(...(await this.followTwiml(result.body, inbound, url, params, depth + 1)));
        break;
      }
    }
    return replies;
  }

  /** Creates an outbound message as the REST API does; throws a Twilio error for bad input. */
  createOutbound(input: {
    to?: string | undefined;
    from?: string | undefined;
    messagingServiceSid?: string | undefined;
    body?: string | undefined;
    statusCallback?: string | undefined;
  }): SimMessage {
    if (!input.to) throw new TwilioApiError(400, 21604, "A 'To' phone number is required.");
    if (!/^\+[1-9]\d{6,14}$/.test(input.to)) {
      throw new TwilioApiError(
        400,
        21211,
        `The 'To' number ${input.to} is not a valid phone number.`,
      );
    }
    if (!input.from && !input.messagingServiceSid) {
      throw new TwilioApiError(
        400,
        21603,
        "A 'From' or 'MessagingServiceSid' parameter is required to send a message.",
      );
    }
    if (!input.body) throw new TwilioApiError(400, 21602, 'Message body is required.');
    if (this.optedOut.has(input.to)) {
      throw new TwilioApiError(400, 21610, 'Attempt to send to unsubscribed recipient');
    }
    const message = this.create({
      to: input.to,
      from: input.from ?? '',
      body: input.body,
      direction: 'outbound-api',
      status: 'queued',
      ...(input.statusCallback ? { statusCallback: input.statusCallback } : {}),
      ...(input.messagingServiceSid ? { messagingServiceSid: input.messagingServiceSid } : {}),
    });
    this.deliver(message);
    return message;
  }

  /** Moves a message queued → sent → delivered (or undelivered), posting each status. */
  private deliver(message: SimMessage): void {
    const final = this.unreachable.has(message.to) ? 'undelivered' : 'delivered';
    const run = async (): Promise<void> => {
      const statuses = ['queued', 'sent', final];
      const toSend: Array<Record<string, string>> = [];
      for (const status of statuses) {
        await new Promise((resolve) => setTimeout(resolve, this.host.clock.ms(1)).unref());
        message.status = status;
        message.dateUpdated = new Date();
        if (status === 'sent') message.dateSent = new Date();
        if (status === 'undelivered') message.errorCode = 30003;
        this.host.notify();
        const params: Record<string, string> = {
          AccountSid: message.accountSid,
          ApiVersion: '2010-04-01',
          From: message.from,
          To: message.to,
          MessageSid: message.sid,
          SmsSid: message.sid,
          MessageStatus: status,
          SmsStatus: status,
        };
        if (status === 'undelivered') params.ErrorCode = '30003';
        toSend.push(params);
        if (!this.host.faults().reverseStatusCallbacks) await this.callback(message, params);
      }
      if (this.host.faults().reverseStatusCallbacks) {
        for (const params of toSend.reverse()) await this.callback(message, params);
      }
    };
    this.pending.push(run());
  }

  private async callback(message: SimMessage, params: Record<string, string>): Promise<void> {
    message.statusHistory.push(params.MessageStatus ?? '');
    if (!message.statusCallback) return;
    await this.host.send(
      message.statusCallback,
      params,
      'POST',
      this.host.faults().duplicateStatusCallbacks,
    );
    this.host.notify();
  }

  /** Resolves when every message so far has finished its delivery and callbacks. */
  async settled(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    await Promise.allSettled(pending);
  }
}

/** A REST API error in Twilio's shape. */
export class TwilioApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
