import type { WeComAppCallbackBase, WeComEventBase } from './base.js';

/** 微信客服 events (PROTOCOL.md §4.2; doc 94670). */

/**
 * A new message or event in a customer-service session: fetch it with kf/sync_msg and this Token.
 * WeCom sends no FromUserName and no AgentID here (§4.2), so FromUserName is optional.
 */
export interface KfMsgOrEventEvent extends Omit<WeComEventBase<'kf_msg_or_event'>, 'FromUserName'> {
  FromUserName?: WeComAppCallbackBase['FromUserName'];
  /** For kf/sync_msg; valid 10 minutes. */
  Token?: string;
  OpenKfId?: string;
}

/** Customer-service accounts whose authorisation to this app changed; both lists repeat without a wrapper. */
export interface KfAccountAuthChangeEvent extends WeComEventBase<'kf_account_auth_change'> {
  AuthAddOpenKfId?: string[];
  AuthDelOpenKfId?: string[];
}
