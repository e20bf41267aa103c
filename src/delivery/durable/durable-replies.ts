import { Inject, Injectable, Optional } from '@nestjs/common';
import type { ResolvedApp } from '../../apps/resolved-app.js';
import { WeComBotReply } from '../../families/bot/wecom-bot-reply.js';
import type { HandlerReply } from '../../families/handler-reply.js';
import type { InboundCallback } from '../../families/inbound-callback.js';
import { WeComDurableReplyError, type DurableReplySender, type PreparedReply } from './durable-reply.sender.js';

/** Where an AI bot's `response_url` must point (doc 101138); anything else is refused, never fetched. */
export const BOT_RESPONSE_URL_ORIGIN = Symbol('nestjs-wecom:bot-response-url-origin');
export const WECOM_API_ORIGIN = 'https://qyapi.weixin.qq.com';
const SEND_TIMEOUT_MS = 10_000;

/**
 * The default reply sender of durable handlers:
 * - AI bots: `POST response_url` with `markdown` or `template_card`, once per message, valid 1 h
 *   (PROTOCOL.md §5.1, doc 101138). A string or a finished stream goes out as markdown. No secret needed.
 * - suite instruction callbacks: always answered `success`; a reply is ignored, as inline.
 * - app and suite-data callbacks: the active message API needs the app's client (its `secret`),
 *   which this release does not configure yet; such a reply fails the job into the failed set.
 */
@Injectable()
export class WeComDurableReplies implements DurableReplySender {
  constructor(@Optional() @Inject(BOT_RESPONSE_URL_ORIGIN) private readonly botOrigin: string = WECOM_API_ORIGIN) {}

  unavailable(app: ResolvedApp): string | undefined {
    if (app.kind === 'bot' || app.kind === 'suite') return undefined;
    return `app "${app.name}" has no active API client, so a durable handler's reply cannot be sent to the user; return nothing from durable handlers of this app and send messages yourself`;
  }

  prepare(inbound: InboundCallback, reply: HandlerReply): PreparedReply | undefined {
    const { app, payload } = inbound;
    if (app.kind === 'suite') return undefined;
    const missing = this.unavailable(app);
    if (missing) throw new WeComDurableReplyError(missing);
    if (!(reply instanceof WeComBotReply)) throw new WeComDurableReplyError(`bot "${app.name}" got an XML reply; return a string or a WeComBotReply`);
    const url = payload.response_url;
    if (typeof url !== 'string' || url === '') {
      throw new WeComDurableReplyError(`this ${String(payload.msgtype)} callback of bot "${app.name}" has no response_url, so a durable handler cannot answer it; answer inline (without durable) instead`);
    }
    if (!url.startsWith(`${this.botOrigin}/`)) throw new WeComDurableReplyError(`bot "${app.name}": response_url is not on ${this.botOrigin}; refusing to post to it`);
    return { via: 'bot-response-url', url, body: botActiveBody(reply) };
  }

  async send({ app }: InboundCallback, prepared: PreparedReply): Promise<void> {
    if (prepared.via !== 'bot-response-url') throw new WeComDurableReplyError(`no sender for replies of kind "${prepared.via}" (app "${app.name}")`);
    const response = await fetch(String(prepared.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(prepared.body),
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
