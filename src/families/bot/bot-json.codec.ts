import { Injectable, Logger } from '@nestjs/common';
import { encryptBotReplyEnvelope } from './bot-reply-envelope.js';
import { extractBotEncrypt, parseBotCallback } from './bot-json.parser.js';
import { WeComBotStreamRegistry } from './bot-stream.registry.js';
import { WeComBotReply } from './wecom-bot-reply.js';
import { toBotReply } from './bot-reply.converter.js';
import { EMPTY_OK, type CallbackResponse } from '../callback-response.js';
import type { HandlerReply } from '../handler-reply.js';
import { LOGGER_CONTEXT } from '../../wecom.constants.js';
import type { CallbackCodec } from '../callback-codec.js';
import type { InboundCallback } from '../inbound-callback.js';

const jsonBody = (body: string): CallbackResponse => ({ status: 200, body, contentType: 'application/json; charset=utf-8' });

/**
 * AI bot callbacks (PROTOCOL.md §5.1): `{"encrypt"}` in, JSON plaintext, JSON reply envelope out.
 * A stream refresh poll for a stream this process is answering is served from the registry without
 * running handlers; polls for unknown streams go to `@OnWeComBotMessage('stream')` handlers.
 */
@Injectable()
export class BotJsonCodec implements CallbackCodec {
  private readonly logger = new Logger(LOGGER_CONTEXT);

  constructor(private readonly streams: WeComBotStreamRegistry) {}

  readEncrypt(body: string): string {
    return extractBotEncrypt(body);
  }

  parse(plaintext: string): Record<string, unknown> {
    return parseBotCallback(plaintext);
  }

  toReply(result: unknown, payload: Record<string, unknown>): HandlerReply | undefined {
    return toBotReply(result, payload);
  }

  async beforeDispatch({ app, payload, ctx }: InboundCallback): Promise<CallbackResponse | undefined> {
    if (payload.msgtype !== 'stream') return undefined;
    const id = (payload.stream as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string') return undefined;
    const frame = await this.streams.frame(id);
    if (!frame) {
      this.logger.debug(`[${app.name}] stream ${id} is not known to this process; asking the handlers`);
      return undefined;
    }
    return jsonBody(encryptBotReplyEnvelope(app.crypto, JSON.stringify(frame), ctx.timestamp, ctx.nonce));
  }

  respond(reply: HandlerReply | undefined, { app, ctx }: InboundCallback): CallbackResponse {
    if (!reply) return EMPTY_OK;
    if (!(reply instanceof WeComBotReply)) throw new TypeError(`bot "${app.name}" got an XML reply; return a WeComBotReply`);
    if (reply.stream) this.streams.register(reply.stream);
    return jsonBody(encryptBotReplyEnvelope(app.crypto, JSON.stringify(reply.toJSON()), ctx.timestamp, ctx.nonce));
  }
}
