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
