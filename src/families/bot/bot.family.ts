import { Injectable, Logger } from '@nestjs/common';
import type { WeComAppKind } from '../../apps/app-kind.js';
import type { WeComHandlerMetadata } from '../../decorators/wecom-handler-metadata.js';
import { clip } from '../../errors/input-excerpt.js';
import type { RouteEntry } from '../../routing/route-keying.js';
import { RouteSpecificity } from '../../routing/route-specificity.js';
import { LOGGER_CONTEXT } from '../../wecom.constants.js';
import type { CallbackFamily } from '../callback-family.js';
import { EMPTY_OK, jsonBody, type CallbackResponse } from '../callback-response.js';
import type { InboundCallback } from '../inbound-callback.js';
import { scanBotEnvelope } from './bot-envelope.scanner.js';
import { parseBotCallback } from './bot-callback.parser.js';
import { toBotReply } from './bot-reply.converter.js';
import { encryptBotReplyEnvelope } from './bot-reply-envelope.js';
import { WeComBotStreamRegistry } from './bot-stream.registry.js';
import type { WeComBotReply } from './wecom-bot-reply.js';

/**
 * AI bot callbacks (PROTOCOL.md §5.1): `{"encrypt"}` in, JSON plaintext routed by msgtype and
 * event.eventtype, JSON reply envelope out. A stream refresh poll for a stream this process is
 * answering is served from the registry without running handlers; polls for unknown streams go to
 * `@OnWeComBotMessage('stream')` handlers.
 */
@Injectable()
export class BotFamily implements CallbackFamily<WeComBotReply> {
  readonly kind: WeComAppKind = 'bot';
  private readonly logger = new Logger(LOGGER_CONTEXT);

  constructor(private readonly streams: WeComBotStreamRegistry) {}

  /** latin1: one character per byte, no UTF-8 decoding of a body nobody has authenticated yet. */
  readEncrypt(body: Buffer): string {
    return scanBotEnvelope(body.toString('latin1'));
  }

  parse(plaintext: string): Record<string, unknown> {
    return parseBotCallback(plaintext);
  }

  /** @OnWeComBotMessage(msgtype?) and @OnWeComBotEvent(eventtype?). */
  routeOf(metadata: WeComHandlerMetadata): RouteEntry | undefined {
    switch (metadata.kind) {
      case 'bot-message':
        return metadata.msgtype
          ? { key: botMessageKey(metadata.msgtype), specificity: RouteSpecificity.Type }
          : { key: ANY_BOT_MESSAGE_KEY, specificity: RouteSpecificity.CatchAll };
      case 'bot-event':
        return metadata.eventtype
          ? { key: botEventKey(metadata.eventtype), specificity: RouteSpecificity.Type }
          : { key: ANY_BOT_EVENT_KEY, specificity: RouteSpecificity.CatchAll };
      default:
        return undefined;
    }
  }

  /** msgtype, and event.eventtype for events (§5.1); JSON values are compared as sent. */
  routeKeysOf(payload: Record<string, unknown>): readonly string[] {
    const { msgtype } = payload;
    if (typeof msgtype !== 'string' || msgtype === '') return [];
    if (msgtype !== 'event') return [botMessageKey(msgtype), ANY_BOT_MESSAGE_KEY];
    const eventtype = (payload.event as { eventtype?: unknown } | undefined)?.eventtype;
    return typeof eventtype === 'string' && eventtype !== '' ? [botEventKey(eventtype), ANY_BOT_EVENT_KEY] : [ANY_BOT_EVENT_KEY];
  }

  /** `bot text msgid=…`, `bot event enter_chat`. */
  describe(payload: Record<string, unknown>): string {
    const { msgtype, msgid } = payload;
    const eventtype = (payload.event as { eventtype?: unknown } | undefined)?.eventtype;
    return `bot ${msgtype === 'event' ? `event ${clip(eventtype)}` : clip(msgtype)}${msgid ? ` msgid=${clip(msgid)}` : ''}`;
  }

  authCorpIdOf(_receiveId: string): string | undefined {
    return undefined;
  }

  toReply(result: unknown, payload: Record<string, unknown>): WeComBotReply | undefined {
    return toBotReply(result, payload);
  }

  async beforeDispatch({ app, payload, ctx }: InboundCallback): Promise<CallbackResponse | undefined> {
    if (payload.msgtype !== 'stream') return undefined;
    const id = (payload.stream as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string') return undefined;
    const frame = await this.streams.frame(id);
    if (!frame) {
      this.logger.debug(`[${app.name}] stream ${clip(id)} is not known to this process; asking the handlers`);
      return undefined;
    }
    return jsonBody(encryptBotReplyEnvelope(app.crypto, JSON.stringify(frame), ctx.timestamp, ctx.nonce));
  }

  respond(reply: WeComBotReply | undefined, { app, ctx }: InboundCallback): CallbackResponse {
    if (!reply) return EMPTY_OK;
    if (reply.stream) this.streams.register(reply.stream);
    return jsonBody(encryptBotReplyEnvelope(app.crypto, JSON.stringify(reply.toJSON()), ctx.timestamp, ctx.nonce));
  }
}

const SEPARATOR = '\u0000';
const botMessageKey = (msgtype: string): string => `bm${SEPARATOR}${msgtype}`;
const ANY_BOT_MESSAGE_KEY = `bm${SEPARATOR}*`;
const botEventKey = (eventtype: string): string => `be${SEPARATOR}${eventtype}`;
const ANY_BOT_EVENT_KEY = `be${SEPARATOR}*`;
