import type { BotEventBase, BotTemplateCardEventDetails, WeComBotEventMap, WeComBotMessageMap } from '../types/bot.js';

/**
 * Plaintext templates of the AI bot's JSON callbacks (PROTOCOL.md §5.1): every msgtype and every
 * eventtype, with the values of WeCom's own examples. As for the XML templates, a template holds only
 * the body (the payload after the header); bot-renderer.ts writes msgid, aibotid, chattype, from,
 * response_url and msgtype (events: create_time and the `event` wrapper). Typed against the payload
 * maps of src/types/bot.ts, so a template that does not fit its payload type does not compile.
 */

/** Header keys, written by the renderer rather than by a template. */
type BotHeaderKey = 'msgid' | 'aibotid' | 'chatid' | 'chattype' | 'from' | 'response_url' | 'msgtype' | 'quote' | 'create_time' | 'event';

/** The body of one bot message: its payload type's non-header keys. */
export type BotTemplateBody<P> = { readonly [K in Exclude<keyof P, BotHeaderKey>]: P[K] };

/** An encrypted media URL as WeCom sends them (valid 5 minutes, AES-256-CBC with the bot's key, §5.1). */
const MEDIA_URL = 'https://ww-aibot-img-1258476243.cos.ap-guangzhou.myqcloud.com/BHoPdA3/7571665296904772241-0.jpg';

export const BOT_MESSAGE_TEMPLATES: { readonly [M in keyof WeComBotMessageMap]: BotTemplateBody<WeComBotMessageMap[M]> } = {
  text: { text: { content: 'hello' } },
  image: { image: { url: MEDIA_URL } },
  mixed: {
    mixed: {
      msg_item: [
        { msgtype: 'text', text: { content: '这张图里是什么?' } },
        { msgtype: 'image', image: { url: MEDIA_URL } },
      ],
    },
  },
  voice: { voice: { content: '今天天气怎么样' } },
  file: { file: { url: MEDIA_URL.replace(/\.jpg$/, '.pdf') } },
  video: { video: { url: MEDIA_URL.replace(/\.jpg$/, '.mp4') } },
  // A refresh poll: the id is the one the bot's first answer carried (bot-builders.ts sets it).
  stream: { stream: { id: 'STREAMID' } },
};

/** The details object of each event, under `event[eventtype]` (§5.1). */
export type BotEventDetails<E extends keyof WeComBotEventMap> = WeComBotEventMap[E] extends BotEventBase<E, infer D> ? D : never;

export const BOT_EVENT_TEMPLATES: { readonly [E in keyof WeComBotEventMap]: BotEventDetails<E> } = {
  enter_chat: {},
  template_card_event: { event_key: 'button_1', task_id: 'task_1' } satisfies BotTemplateCardEventDetails,
  // §5.1 names the event without its fields: set them with the builder's argument or --field.
  feedback_event: {},
  disconnected_event: {},
};

/** Sample values of the header, as in WeCom's example (100719). */
export const SAMPLE_AIBOT_ID = 'AIBOTID';
export const SAMPLE_CHAT_ID = 'CHATID';
