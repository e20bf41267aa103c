import type { WeComChangeEventBase } from './base.js';

/**
 * 客户联系 (PROTOCOL.md §4.4; docs 92130 自建 / 92277 第三方 / 96361 代开发) in the self-built event form
 * (FromUserName `sys`). The `…Fields` interfaces are shared with the suite form in suite.ts.
 */

// ── change_external_contact ─────────────────────────────────────────────────────────────────────

export interface ExternalContactFields {
  UserID?: string;
  ExternalUserID?: string;
}

export interface ExternalContactAddFields extends ExternalContactFields {
  /** The `state` of the 联系我 configuration the customer used. */
  State?: string;
  /** For externalcontact/send_welcome_msg; valid 20 s. */
  WelcomeCode?: string;
}

export interface ExternalContactDelFields extends ExternalContactFields {
  /** e.g. `DELETE_BY_TRANSFER`. */
  Source?: string;
}

export interface ExternalContactTransferFailFields extends ExternalContactFields {
  /** `customer_refused` or `customer_limit_exceed`. */
  FailReason?: string;
}

export interface ExternalContactMsgAuditApprovedFields extends ExternalContactFields {
  WelcomeCode?: string;
}

type ExternalContactEvent<C extends string> = WeComChangeEventBase<'change_external_contact', C>;

export interface ChangeExternalContactAddExternalContact extends ExternalContactEvent<'add_external_contact'>, ExternalContactAddFields {}
export interface ChangeExternalContactEditExternalContact extends ExternalContactEvent<'edit_external_contact'>, ExternalContactFields {}
export interface ChangeExternalContactAddHalfExternalContact extends ExternalContactEvent<'add_half_external_contact'>, ExternalContactAddFields {}
export interface ChangeExternalContactDelExternalContact extends ExternalContactEvent<'del_external_contact'>, ExternalContactDelFields {}
export interface ChangeExternalContactDelFollowUser extends ExternalContactEvent<'del_follow_user'>, ExternalContactFields {}
export interface ChangeExternalContactTransferFail extends ExternalContactEvent<'transfer_fail'>, ExternalContactTransferFailFields {}
export interface ChangeExternalContactMsgAuditApproved extends ExternalContactEvent<'msg_audit_approved'>, ExternalContactMsgAuditApprovedFields {}

export type ChangeExternalContactEvent =
  | ChangeExternalContactAddExternalContact
  | ChangeExternalContactEditExternalContact
  | ChangeExternalContactAddHalfExternalContact
  | ChangeExternalContactDelExternalContact
  | ChangeExternalContactDelFollowUser
  | ChangeExternalContactTransferFail
  | ChangeExternalContactMsgAuditApproved;

// ── change_external_chat ────────────────────────────────────────────────────────────────────────

export interface ExternalChatFields {
  ChatId?: string;
}

export interface ExternalChatUpdateFields extends ExternalChatFields {
  /** add_member / del_member / change_owner / change_name / change_notice. */
  UpdateDetail?: string;
  /** add_member: '0' invited directly, '1' invite link, '3' group QR code. */
  JoinScene?: string;
  /** del_member: '0' left, '1' removed by owner/admin. */
  QuitScene?: string;
  MemChangeCnt?: string;
  /** `Item` (UserIDs / external UserIDs) is always an array, even with one member. */
  MemChangeList?: { Item?: string[] };
  LastMemVer?: string;
  CurMemVer?: string;
}

export interface ChangeExternalChatCreate extends WeComChangeEventBase<'change_external_chat', 'create'>, ExternalChatFields {}
export interface ChangeExternalChatUpdate extends WeComChangeEventBase<'change_external_chat', 'update'>, ExternalChatUpdateFields {}
export interface ChangeExternalChatDismiss extends WeComChangeEventBase<'change_external_chat', 'dismiss'>, ExternalChatFields {}

export type ChangeExternalChatEvent = ChangeExternalChatCreate | ChangeExternalChatUpdate | ChangeExternalChatDismiss;

// ── change_external_tag ─────────────────────────────────────────────────────────────────────────

export interface ExternalTagFields {
  Id?: string;
  /** `tag` or `tag_group`. */
  TagType?: string;
  /** Only for tags of a 规则组 (strategy). */
  StrategyId?: string;
}

export interface ExternalTagShuffleFields {
  Id?: string;
  StrategyId?: string;
}

export interface ChangeExternalTagCreate extends WeComChangeEventBase<'change_external_tag', 'create'>, ExternalTagFields {}
export interface ChangeExternalTagUpdate extends WeComChangeEventBase<'change_external_tag', 'update'>, ExternalTagFields {}
export interface ChangeExternalTagDelete extends WeComChangeEventBase<'change_external_tag', 'delete'>, ExternalTagFields {}
export interface ChangeExternalTagShuffle extends WeComChangeEventBase<'change_external_tag', 'shuffle'>, ExternalTagShuffleFields {}

export type ChangeExternalTagEvent = ChangeExternalTagCreate | ChangeExternalTagUpdate | ChangeExternalTagDelete | ChangeExternalTagShuffle;

// ── customer_acquisition (获客助手, doc 97299) ────────────────────────────────────────────────────

/** ChangeTypes per S11/S12; PROTOCOL.md §4.4 notes the list is not exhaustive. */
export type CustomerAcquisitionChangeType =
  | 'balance_low'
  | 'balance_exhausted'
  | 'link_unavailable'
  | 'delete_link'
  | 'customer_start_chat'
  | 'friend_request'
  | 'open_profile';

/** §4.4 gives one field list for the whole family; which ChangeType carries which is not settled. */
export interface CustomerAcquisitionFields {
  LinkId?: string;
  UserID?: string;
  ExternalUserID?: string;
  State?: string;
  ExpireTime?: string;
  ExpireQuotaNum?: string;
}

export interface CustomerAcquisitionChange<C extends CustomerAcquisitionChangeType = CustomerAcquisitionChangeType>
  extends WeComChangeEventBase<'customer_acquisition', C>,
    CustomerAcquisitionFields {}

export type CustomerAcquisitionEvent = { [C in CustomerAcquisitionChangeType]: CustomerAcquisitionChange<C> }[CustomerAcquisitionChangeType];
