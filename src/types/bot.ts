/**
 * 智能机器人 (AI bot) callbacks (PROTOCOL.md §5.1; docs 100719 消息, 101027 事件): JSON, not XML, so the
 * field names are WeCom's lowercase JSON keys and values keep their JSON types. Only what §5.1 states
 * is typed as known; the rest of a payload is left open rather than guessed.
 */

export interface BotSender {
  userid: string;
  /** In events, for cross-corp senders. */
  corpid?: string;
}

interface BotCallbackBase {
  /** Dedup key (§3.2). */
  msgid: string;
  aibotid: string;
  /** Group chats only. */
  chatid?: string;
  chattype: 'single' | 'group';
  from: BotSender;
}

/** The message being replied to; §5.1 shows `quote` without its fields. */
export type BotQuote = Record<string, unknown>;

export interface BotMessageBase<M extends string> extends BotCallbackBase {
  msgtype: M;
  /** For one active reply via POST response_url (valid 1 h, doc 101138). */
  response_url?: string;
  quote?: BotQuote;
}

export interface BotTextMessage extends BotMessageBase<'text'> {
  text: { content: string };
}

/** `url` points at an AES-256-CBC encrypted file, valid 5 minutes (§5.1). */
export interface BotImageMessage extends BotMessageBase<'image'> {
  image: { url: string };
}

export type BotMixedItem = { msgtype: 'text'; text: { content: string } } | { msgtype: 'image'; image: { url: string } };

export interface BotMixedMessage extends BotMessageBase<'mixed'> {
  mixed: { msg_item: BotMixedItem[] };
}

/** `content` is WeCom's speech recognition of the voice message. */
export interface BotVoiceMessage extends BotMessageBase<'voice'> {
  voice: { content: string };
}

export interface BotFileMessage extends BotMessageBase<'file'> {
  file: { url: string };
}

/** WebSocket mode only (§5.1). */
export interface BotVideoMessage extends BotMessageBase<'video'> {
  video: { url: string };
}

/** 流式消息刷新: WeCom polls with the stream id until a reply carries `finish: true` (up to 6 min). */
export interface BotStreamMessage extends BotMessageBase<'stream'> {
  stream: { id: string };
}

export interface WeComBotMessageMap {
  text: BotTextMessage;
  image: BotImageMessage;
  mixed: BotMixedMessage;
  voice: BotVoiceMessage;
  file: BotFileMessage;
  video: BotVideoMessage;
  stream: BotStreamMessage;
}

export type WeComBotMessage = WeComBotMessageMap[keyof WeComBotMessageMap];

/** `event: { eventtype: 'enter_chat', enter_chat: {…} }`: the details sit under a key named after the type. */
export interface BotEventBase<E extends string, Details> extends BotCallbackBase {
  msgtype: 'event';
  /** §5.1 does not show whether this JSON value is a number or a string. */
  create_time: number | string;
  event: { eventtype: E } & { [K in E]?: Details };
}

/** First entry of the day: reply a welcome text or template card within 5 s. */
export type BotEnterChatEvent = BotEventBase<'enter_chat', Record<string, unknown>>;

export interface BotTemplateCardEventDetails {
  event_key?: string;
  task_id?: string;
  [field: string]: unknown;
}
export type BotTemplateCardEvent = BotEventBase<'template_card_event', BotTemplateCardEventDetails>;

export type BotFeedbackEvent = BotEventBase<'feedback_event', Record<string, unknown>>;

/** WebSocket mode only: another connection took over this bot. */
export type BotDisconnectedEvent = BotEventBase<'disconnected_event', Record<string, unknown>>;

export interface WeComBotEventMap {
  enter_chat: BotEnterChatEvent;
  template_card_event: BotTemplateCardEvent;
  feedback_event: BotFeedbackEvent;
  disconnected_event: BotDisconnectedEvent;
}

export type WeComBotEvent = WeComBotEventMap[keyof WeComBotEventMap];

export type WeComBotCallback = WeComBotMessage | WeComBotEvent;
