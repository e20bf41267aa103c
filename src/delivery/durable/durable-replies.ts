import { Inject, Injectable, Optional } from '@nestjs/common';
import type { ResolvedApp } from '../../apps/resolved-app.js';
import type { WeComClient } from '../../api/client/wecom-client.js';
import { API_SETTINGS, type ApiSettings } from '../../api/api-settings.js';
import { WeComReply } from '../../families/app/wecom-reply.js';
import { WeComBotReply } from '../../families/bot/wecom-bot-reply.js';
import type { HandlerReply } from '../../families/handler-reply.js';
import type { InboundCallback } from '../../families/inbound-callback.js';
import { sendReplyToSender } from '../../flows/reply/send-reply-to-sender.js';
import { WeComClients } from '../../flows/wecom-clients.service.js';
import { WeComDurableReplyError, type DurableReplySender, type PreparedReply } from './durable-reply.sender.js';

/** Where an AI bot's `response_url` must point (doc 101138); anything else is refused, never fetched. */
export const BOT_RESPONSE_URL_ORIGIN = Symbol('nestjs-wecom:bot-response-url-origin');
export const WECOM_API_ORIGIN = 'https://qyapi.weixin.qq.com';
const SEND_TIMEOUT_MS = 10_000;

/** A passive reply of an app or suite-data callback as the job keeps it: the WeComReply's own two fields. */
interface ActiveApiReply extends PreparedReply {
  readonly via: 'active-api';
  readonly msgType: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * The default reply sender of durable handlers. WeCom's passive answer went out when the job was
 * queued, so a reply goes out actively:
 * - app and suite-data callbacks: through the app's `WeComClients` client (`message/send` to
 *   FromUserName with the app's agentid, `update_template_card` / `update_taskcard` for the card
 *   answers; the mapping is flows/reply/send-reply-to-sender.ts). Needs the app's `secret` (kind
 *   'app'), or the suite's `suiteSecret` (suite-data: the authorising corp's token), or
 *   `api.tokenProvider`; boot refuses durable handlers on an app without one.
 * - AI bots: `POST response_url` with `markdown` or `template_card`, once per message, valid 1 h
 *   (PROTOCOL.md §5.1, doc 101138). A string or a finished stream goes out as markdown. No secret.
 * - suite instruction callbacks: always answered `success`; a reply is ignored, as inline.
 */
@Injectable()
export class WeComDurableReplies implements DurableReplySender {
  constructor(
    private readonly clients: WeComClients,
    @Inject(API_SETTINGS) private readonly api: ApiSettings,
    @Optional() @Inject(BOT_RESPONSE_URL_ORIGIN) private readonly botOrigin: string = WECOM_API_ORIGIN,
  ) {}

  unavailable(app: ResolvedApp): string | undefined {
    if (app.kind === 'bot' || app.kind === 'suite') return undefined;
    if (this.api.options.tokenProvider) return undefined;
    const own = this.api.apps.get(app.name);
    if (app.kind === 'app') {
      return own?.secret ? undefined : `app "${app.name}" has no "secret", so the reply cannot be sent to the user with message/send: set secret on it (应用管理 › the app › Secret), or give api.tokenProvider`;
    }
    // suite-data: the authorising corp's token comes from the suite's suite_access_token and the permanent code.
    const suite = own?.suite === undefined ? undefined : this.api.apps.get(own.suite);
    if (!suite) {
      return `app "${app.name}" (suite-data) names no suite app (option "suite"), so the authorising corp's token, and with it the reply, cannot be had: add the suite app and name it in "suite"`;
    }
    return suite.suiteSecret ? undefined : `suite app "${suite.name}" of app "${app.name}" has no "suiteSecret", so the authorising corp's token, and with it the reply, cannot be had: set suiteSecret on "${suite.name}", or give api.tokenProvider`;
  }

  async prepare(inbound: InboundCallback, reply: HandlerReply): Promise<PreparedReply | undefined> {
    const { app, payload } = inbound;
    if (app.kind === 'suite') return undefined;
    const missing = this.unavailable(app);
    if (missing) throw new WeComDurableReplyError(missing);
    if (app.kind === 'bot') return this.prepareBot(app, payload, reply);
    if (!(reply instanceof WeComReply)) throw new WeComDurableReplyError(`app "${app.name}" got an AI bot reply; return a string or a WeComReply`);
    // A dry run of the mapping, so that a reply with no active equivalent (or a callback without a
    // member to send to) fails the job now, before anything is stored, rather than at every retry.
    try {
      await sendReplyToSender(DRY_RUN_CLIENT, reply, { payload, ctx: inbound.ctx });
    } catch (error) {
      throw new WeComDurableReplyError((error as Error).message);
    }
    const prepared: ActiveApiReply = { via: 'active-api', msgType: reply.msgType, fields: reply.fields };
    return prepared;
  }

  async send(inbound: InboundCallback, prepared: PreparedReply): Promise<void> {
    if (prepared.via === 'active-api') {
      const { msgType, fields } = prepared as ActiveApiReply;
      // WeComApiError (a non-zero errcode, a timeout) rejects: the job retries the send only.
      await this.clients.replyToSender(reviveReply(msgType, fields), { payload: inbound.payload, ctx: inbound.ctx });
      return;
    }
    if (prepared.via !== 'bot-response-url') throw new WeComDurableReplyError(`no sender for replies of kind "${prepared.via}" (app "${inbound.app.name}")`);
    await this.postResponseUrl(inbound.app, String(prepared.url), prepared.body);
  }

  private prepareBot(app: ResolvedApp, payload: Record<string, unknown>, reply: HandlerReply): PreparedReply {
    if (!(reply instanceof WeComBotReply)) throw new WeComDurableReplyError(`bot "${app.name}" got an XML reply; return a string or a WeComBotReply`);
    const url = payload.response_url;
    if (typeof url !== 'string' || url === '') {
      throw new WeComDurableReplyError(`this ${String(payload.msgtype)} callback of bot "${app.name}" has no response_url, so a durable handler cannot answer it; answer inline (without durable) instead`);
    }
    if (!url.startsWith(`${this.botOrigin}/`)) throw new WeComDurableReplyError(`bot "${app.name}": response_url is not on ${this.botOrigin}; refusing to post to it`);
    return { via: 'bot-response-url', url, body: botActiveBody(reply) };
  }

  private async postResponseUrl(app: ResolvedApp, url: string, body: unknown): Promise<void> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    const text = await response.text();
    let answer: { errcode?: unknown; errmsg?: unknown } = {};
    try {
      answer = JSON.parse(text) as typeof answer;
    } catch {
      // not JSON: judged by the status below
    }
    if (!response.ok || (answer.errcode !== undefined && answer.errcode !== 0)) {
      throw new Error(`bot "${app.name}": response_url answered HTTP ${response.status}, errcode ${String(answer.errcode)} (${String(answer.errmsg ?? '')})`);
    }
  }
}

/** Answers every call of the mapping without sending anything: what `prepare` checks the reply with. */
const answered = () => Promise.resolve({ errcode: 0, errmsg: 'ok' });
const DRY_RUN_CLIENT = { message: { send: answered, updateTemplateCard: answered, updateTaskCard: answered } } as unknown as WeComClient;

/** The stored reply as the WeComReply the handler returned (its constructor is private to the builders). */
function reviveReply(msgType: string, fields: Readonly<Record<string, unknown>>): WeComReply {
  const Reply = WeComReply as unknown as new (msgType: string, fields: Readonly<Record<string, unknown>>) => WeComReply;
  return new Reply(msgType, fields);
}

/** `response_url` takes `markdown` or `template_card` (doc 101138); a stream or text is sent as markdown. */
function botActiveBody(reply: WeComBotReply): Record<string, unknown> {
  const json = reply.toJSON();
  if (reply.stream) {
    if (!reply.stream.finished) {
      throw new WeComDurableReplyError('a durable bot handler returned an unfinished stream; response_url takes one finished answer: return a string or a finished stream');
    }
    return { msgtype: 'markdown', markdown: { content: reply.stream.content } };
  }
  if (json.msgtype === 'text') return { msgtype: 'markdown', markdown: { content: (json.text as { content: string }).content } };
  if (json.msgtype === 'template_card') return { msgtype: 'template_card', template_card: json.template_card };
  throw new WeComDurableReplyError(`response_url takes markdown or template_card, not "${reply.type}"`);
}
