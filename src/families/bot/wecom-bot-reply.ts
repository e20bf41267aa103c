import { WeComBotStream } from './wecom-bot-stream.js';

/** A template card in WeCom's own JSON field names (doc 101031); `card_type` names its kind. */
export interface BotTemplateCard {
  card_type: 'text_notice' | 'news_notice' | 'button_interaction' | 'vote_interaction' | 'multiple_interaction' | (string & {});
  [field: string]: unknown;
}

/**
 * A passive reply of an AI bot (PROTOCOL.md §5.1, doc 101031): a JSON plaintext that the module
 * encrypts into `{ encrypt, msgsignature, timestamp, nonce }`. Return one from a bot handler.
 * A plain string is shorthand: `text` for events (the enter_chat welcome), a finished `stream` for
 * messages (WeCom answers messages with streams or cards, not text).
 */
export class WeComBotReply {
  private constructor(
    private readonly body: Readonly<Record<string, unknown>> | undefined,
    /** Set for stream replies: the module keeps it to answer WeCom's refresh polls. */
    readonly stream?: WeComBotStream,
  ) {}

  /** The reply's `msgtype`, or `response_type` for a card update. */
  get type(): string {
    if (this.stream) return 'stream';
    return String(this.body?.msgtype ?? this.body?.response_type);
  }

  /** Text: the welcome answer to `enter_chat` (reply within 5 s). */
  static text(content: string): WeComBotReply {
    return new WeComBotReply({ msgtype: 'text', text: { content: requireText(content, 'text', 'content') } });
  }

  /** A template card, in WeCom's JSON names. */
  static templateCard(card: BotTemplateCard): WeComBotReply {
    return new WeComBotReply({ msgtype: 'template_card', template_card: requireCard(card, 'templateCard') });
  }

  /**
   * A streamed answer: a WeComBotStream you write to, an async iterable of text chunks (pumped in the
   * background), or a string (one finished frame).
   */
  static stream(source: WeComBotStream | AsyncIterable<string> | string): WeComBotReply {
    if (source instanceof WeComBotStream) return new WeComBotReply(undefined, source);
    if (typeof source === 'string') return new WeComBotReply(undefined, new WeComBotStream().finish(requireText(source, 'stream', 'content')));
    if (isAsyncIterable(source)) return new WeComBotReply(undefined, WeComBotStream.from(source));
    throw new TypeError('WeComBotReply.stream(source) needs a WeComBotStream, an async iterable of strings, or a string.');
  }

  /** Replaces the clicked card (the answer to `template_card_event`), for `userids` or the clicker. */
  static updateTemplateCard(card: BotTemplateCard, userids?: readonly string[]): WeComBotReply {
    return new WeComBotReply({
      response_type: 'update_template_card',
      ...(userids ? { userids: [...userids] } : {}),
      template_card: requireCard(card, 'updateTemplateCard'),
    });
  }

  /** The JSON plaintext to encrypt now (a stream's current frame). */
  toJSON(): Record<string, unknown> {
    return this.stream ? { ...this.stream.frame() } : { ...this.body };
  }
}

export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function';
}

function requireText(value: unknown, builder: string, argument: string): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`WeComBotReply.${builder}(): ${argument} must be a non-empty string.`);
  return value;
}

function requireCard(card: BotTemplateCard, builder: string): BotTemplateCard {
  if (!card || typeof card !== 'object' || typeof card.card_type !== 'string' || card.card_type === '') {
    throw new TypeError(`WeComBotReply.${builder}(card) needs a card object with a card_type, in WeCom's JSON names.`);
  }
  return card;
}
