import type { Query } from '../http/api-http.js';

/** `client.call(path, options)`: any endpoint. */
export interface WeComCallOptions {
  /** Default: POST with a body, GET without. */
  method?: 'GET' | 'POST';
  /** Query parameters; the token parameter is added by the client. */
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
}

/** Every answer carries these; `errcode` is 0 when the client resolves. */
export interface WeComApiResult {
  errcode: number;
  errmsg: string;
}

/** `message/send` (doc 90236): one of `touser`, `toparty`, `totag`, and the `msgtype` with its object. */
export interface WeComOutgoingMessage {
  touser?: string;
  toparty?: string;
  totag?: string;
  msgtype: 'text' | 'image' | 'voice' | 'video' | 'file' | 'textcard' | 'news' | 'mpnews' | 'markdown' | 'miniprogram_notice' | 'template_card' | (string & {});
  /** Filled in with the app's AgentId when omitted. */
  agentid?: number | string;
  safe?: 0 | 1;
  enable_id_trans?: 0 | 1;
  enable_duplicate_check?: 0 | 1;
  duplicate_check_interval?: number;
  [content: string]: unknown;
}

export interface WeComMessageSendResult extends WeComApiResult {
  invaliduser?: string;
  invalidparty?: string;
  invalidtag?: string;
  unlicenseduser?: string;
  msgid?: string;
  /** For template cards with buttons: pass it to `updateTemplateCard` (valid 72 hours, usable once). */
  response_code?: string;
}

/** `message/update_template_card` (doc 94888). */
export interface WeComTemplateCardUpdate {
  response_code: string;
  userids?: string[];
  partyids?: number[];
  tagids?: number[];
  atall?: 0 | 1;
  agentid?: number | string;
  enable_id_trans?: 0 | 1;
  button?: { replace_name: string };
  template_card?: Record<string, unknown>;
  [field: string]: unknown;
}

/** `appchat/send` (doc 90248): a group chat the app created with appchat/create. */
export interface WeComAppChatMessage {
  chatid: string;
  msgtype: string;
  safe?: 0 | 1;
  [content: string]: unknown;
}

export type WeComMediaType = 'image' | 'voice' | 'video' | 'file';

export interface WeComMediaUploadResult extends WeComApiResult {
  type: WeComMediaType;
  /** Valid 3 days. */
  media_id: string;
  created_at: string;
}

/** `kf/sync_msg` (doc 94670). */
export interface WeComKfSyncRequest {
  cursor?: string;
  /** The callback's `Token` (valid 10 minutes); without it the endpoint is strictly rate limited. */
  token?: string;
  limit?: number;
  voice_format?: 0 | 1;
  open_kfid?: string;
}

/** One message or event of a 微信客服 session. */
export interface WeComKfMessage {
  msgid: string;
  open_kfid: string;
  external_userid?: string;
  send_time: number;
  /** 3: sent by the customer; 4: a system event; 5: sent by a servicer. */
  origin: number;
  servicer_userid?: string;
  msgtype: string;
  [content: string]: unknown;
}

export interface WeComKfSyncResult extends WeComApiResult {
  next_cursor: string;
  /** 1 while more messages wait. */
  has_more: 0 | 1;
  msg_list: WeComKfMessage[];
}

/** `kf/send_msg` (doc 94677). */
export interface WeComKfOutgoingMessage {
  touser: string;
  open_kfid: string;
  msgid?: string;
  msgtype: string;
  [content: string]: unknown;
}

export interface WeComUser extends WeComApiResult {
  userid: string;
  name?: string;
  department?: number[];
  [field: string]: unknown;
}

export interface WeComExternalContact extends WeComApiResult {
  external_contact: { external_userid: string; name?: string; type?: 1 | 2; [field: string]: unknown };
  follow_user?: Array<Record<string, unknown>>;
  next_cursor?: string;
}
