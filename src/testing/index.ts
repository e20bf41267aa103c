// nestjs-wecom/testing: send WeCom callbacks to your app in your own tests, exactly as WeCom does.

export { WeComTestClient } from './wecom-test-client.js';
export type {
  PreparedCallback,
  SendOptions,
  WeComCallbackInput,
  WeComCallbackResult,
  WeComTestClientOptions,
  WeComTestCredentials,
  WeComUrlVerificationResult,
} from './callback-sender.js';
export type { WeComVerifiedReply } from './reply-verifier.js';
export { WeComTestClientError, type WeComTestClientErrorCode } from '../errors/wecom-test-client.error.js';

export { message, event, info, draftCallback, WeComCallbackDraft } from './callback-builders.js';
export type { CallbackBuilder, CallbackFields, EventBuilders, InfoBuilders, MessageBuilders } from './callback-builders.js';
export { findTemplate, listTemplates, UnknownTemplateError, type CallbackKind, type ResolvedTemplate } from './template-catalog.js';
export { freshMsgId } from './callback-renderer.js';
export { explainRefusal } from './errcode-explanations.js';
export { demoCredentials } from './demo-credentials.js';

// AI bot (智能机器人) callbacks: JSON envelopes, messages, events and stream refresh polls (PROTOCOL.md §5.1).
export { WeComBotTestClient } from './wecom-bot-test-client.js';
export type {
  FollowStreamOptions,
  PreparedBotCallback,
  WeComBotCallbackInput,
  WeComBotCallbackResult,
  WeComBotStreamResult,
  WeComBotTestClientOptions,
  WeComBotTestCredentials,
} from './bot-callback-sender.js';
export type { WeComBotReplyPayload, WeComBotStreamFrame, WeComBotVerifiedReply } from './bot-reply-verifier.js';
export { botMessage, botEvent, draftBotCallback, WeComBotCallbackDraft } from './bot-builders.js';
export type { BotCallbackBuilder, BotEventBuilders, BotMessageBuilders } from './bot-builders.js';
export { findBotTemplate, listBotTemplates, freshBotMsgId, UnknownBotTemplateError, type BotCallbackKind, type ResolvedBotTemplate } from './bot-renderer.js';
