import { Injectable, Logger } from '@nestjs/common';
import { plainText, type CallbackResponse } from '../callback-response.js';
import type { HandlerReply } from '../handler-reply.js';
import { describeCallback } from '../../routing/callback.dispatcher.js';
import { WeComSuiteTickets } from './wecom-suite-tickets.service.js';
import { LOGGER_CONTEXT } from '../../wecom.constants.js';
import { parseCallbackXml } from '../../xml/callback-xml.parser.js';
import { toReply } from '../app/reply-plaintext.builder.js';
import { extractEncrypt } from '../../xml/envelope.parser.js';
import type { CallbackCodec } from '../callback-codec.js';
import type { InboundCallback } from '../inbound-callback.js';

/**
 * A suite's instruction callbacks (第三方 指令回调, 代开发 模板回调): XML like app callbacks, but the
 * answer is always the literal `success`, whatever the handlers did: "若返回值不是 \"success\"，企业微信会
 * 把返回内容当作错误信息" (PROTOCOL.md §3.2). A suite_ticket is recorded before any handler runs.
 */
@Injectable()
export class SuiteCodec implements CallbackCodec {
  private readonly logger = new Logger(LOGGER_CONTEXT);

  constructor(private readonly tickets: WeComSuiteTickets) {}

  readEncrypt(body: string): string {
    return extractEncrypt(body);
  }

  parse(plaintext: string): Record<string, unknown> {
    return parseCallbackXml(plaintext);
  }

  /** Converted like an app reply so that a wrong return type still fails loudly; respond() then ignores it. */
  toReply(result: unknown): HandlerReply | undefined {
    return toReply(result);
  }

  async beforeDispatch({ app, payload }: InboundCallback): Promise<CallbackResponse | undefined> {
    if (payload.InfoType === 'suite_ticket') await this.tickets.record(app, payload);
    return undefined;
  }

  respond(reply: HandlerReply | undefined, { app, payload }: InboundCallback): CallbackResponse {
    if (reply) this.logger.warn(`[${app.name}] a handler's reply to ${describeCallback(payload)} is ignored: instruction callbacks are answered "success"`);
    return plainText('success');
  }
}
