import type { WeComSuiteCallbackBase, WeComSuiteChangeBase } from './base.js';
import type {
  ChangeContactCreatePartyFields,
  ChangeContactCreateUserFields,
  ChangeContactDeletePartyFields,
  ChangeContactDeleteUserFields,
  ChangeContactUpdatePartyFields,
  ChangeContactUpdateTagFields,
  ChangeContactUpdateUserFields,
} from './change-contact.js';
import type {
  CustomerAcquisitionChangeType,
  CustomerAcquisitionFields,
  ExternalChatFields,
  ExternalChatUpdateFields,
  ExternalContactAddFields,
  ExternalContactDelFields,
  ExternalContactFields,
  ExternalContactMsgAuditApprovedFields,
  ExternalContactTransferFailFields,
  ExternalTagFields,
  ExternalTagShuffleFields,
} from './external-contact.js';
import type { BatchJob } from './app-events.js';

/**
 * Third-party suite / 代开发 instruction callbacks (PROTOCOL.md §4.5), discriminated by `InfoType`:
 * answer `success` (§3.2). receiveid = SuiteId (§1.5).
 */

// ── authorisation ───────────────────────────────────────────────────────────────────────────────

/** Pushed about every 10 minutes; the ticket is valid 30 minutes. */
export interface SuiteTicketInfo extends WeComSuiteCallbackBase<'suite_ticket'> {
  SuiteTicket?: string;
}

export interface CreateAuthInfo extends WeComSuiteCallbackBase<'create_auth'> {
  /** Exchange for the permanent code with service/get_permanent_code. */
  AuthCode?: string;
  State?: string;
}

export interface ChangeAuthInfo extends WeComSuiteCallbackBase<'change_auth'> {
  State?: string;
}

export interface CancelAuthInfo extends WeComSuiteCallbackBase<'cancel_auth'> {}

/** Same meaning as cancel_auth under another name (S15). */
export interface DelAuthInfo extends WeComSuiteCallbackBase<'del_auth'> {}

/** 代开发: the app secret was reset; exchange AuthCode again. */
export interface ResetPermanentCodeInfo extends WeComSuiteCallbackBase<'reset_permanent_code'> {
  AuthCode?: string;
}

export interface ApproveSpecialAuthInfo extends WeComSuiteCallbackBase<'approve_special_auth'> {
  AuthType?: string;
}

export interface CancelSpecialAuthInfo extends WeComSuiteCallbackBase<'cancel_special_auth'> {
  AuthType?: string;
}

// ── suite form of change_contact (§4.3 fields) ──────────────────────────────────────────────────

export interface SuiteChangeContactCreateUser extends WeComSuiteChangeBase<'change_contact', 'create_user'>, ChangeContactCreateUserFields {}
export interface SuiteChangeContactUpdateUser extends WeComSuiteChangeBase<'change_contact', 'update_user'>, ChangeContactUpdateUserFields {}
export interface SuiteChangeContactDeleteUser extends WeComSuiteChangeBase<'change_contact', 'delete_user'>, ChangeContactDeleteUserFields {}
export interface SuiteChangeContactCreateParty extends WeComSuiteChangeBase<'change_contact', 'create_party'>, ChangeContactCreatePartyFields {}
export interface SuiteChangeContactUpdateParty extends WeComSuiteChangeBase<'change_contact', 'update_party'>, ChangeContactUpdatePartyFields {}
export interface SuiteChangeContactDeleteParty extends WeComSuiteChangeBase<'change_contact', 'delete_party'>, ChangeContactDeletePartyFields {}
export interface SuiteChangeContactUpdateTag extends WeComSuiteChangeBase<'change_contact', 'update_tag'>, ChangeContactUpdateTagFields {}

export type SuiteChangeContactInfo =
  | SuiteChangeContactCreateUser
  | SuiteChangeContactUpdateUser
  | SuiteChangeContactDeleteUser
  | SuiteChangeContactCreateParty
  | SuiteChangeContactUpdateParty
  | SuiteChangeContactDeleteParty
  | SuiteChangeContactUpdateTag;

// ── suite form of 客户联系 (§4.4 fields) ───────────────────────────────────────────────────────────

type SuiteExternalContact<C extends string> = WeComSuiteChangeBase<'change_external_contact', C>;

export interface SuiteChangeExternalContactAddExternalContact extends SuiteExternalContact<'add_external_contact'>, ExternalContactAddFields {}
export interface SuiteChangeExternalContactEditExternalContact extends SuiteExternalContact<'edit_external_contact'>, ExternalContactFields {}
export interface SuiteChangeExternalContactAddHalfExternalContact extends SuiteExternalContact<'add_half_external_contact'>, ExternalContactAddFields {}
export interface SuiteChangeExternalContactDelExternalContact extends SuiteExternalContact<'del_external_contact'>, ExternalContactDelFields {}
export interface SuiteChangeExternalContactDelFollowUser extends SuiteExternalContact<'del_follow_user'>, ExternalContactFields {}
export interface SuiteChangeExternalContactTransferFail extends SuiteExternalContact<'transfer_fail'>, ExternalContactTransferFailFields {}
export interface SuiteChangeExternalContactMsgAuditApproved extends SuiteExternalContact<'msg_audit_approved'>, ExternalContactMsgAuditApprovedFields {}

export type SuiteChangeExternalContactInfo =
  | SuiteChangeExternalContactAddExternalContact
  | SuiteChangeExternalContactEditExternalContact
  | SuiteChangeExternalContactAddHalfExternalContact
  | SuiteChangeExternalContactDelExternalContact
  | SuiteChangeExternalContactDelFollowUser
  | SuiteChangeExternalContactTransferFail
  | SuiteChangeExternalContactMsgAuditApproved;

export interface SuiteChangeExternalChatCreate extends WeComSuiteChangeBase<'change_external_chat', 'create'>, ExternalChatFields {}
export interface SuiteChangeExternalChatUpdate extends WeComSuiteChangeBase<'change_external_chat', 'update'>, ExternalChatUpdateFields {}
export interface SuiteChangeExternalChatDismiss extends WeComSuiteChangeBase<'change_external_chat', 'dismiss'>, ExternalChatFields {}

export type SuiteChangeExternalChatInfo = SuiteChangeExternalChatCreate | SuiteChangeExternalChatUpdate | SuiteChangeExternalChatDismiss;

export interface SuiteChangeExternalTagCreate extends WeComSuiteChangeBase<'change_external_tag', 'create'>, ExternalTagFields {}
export interface SuiteChangeExternalTagUpdate extends WeComSuiteChangeBase<'change_external_tag', 'update'>, ExternalTagFields {}
export interface SuiteChangeExternalTagDelete extends WeComSuiteChangeBase<'change_external_tag', 'delete'>, ExternalTagFields {}
export interface SuiteChangeExternalTagShuffle extends WeComSuiteChangeBase<'change_external_tag', 'shuffle'>, ExternalTagShuffleFields {}

export type SuiteChangeExternalTagInfo =
  | SuiteChangeExternalTagCreate
  | SuiteChangeExternalTagUpdate
  | SuiteChangeExternalTagDelete
  | SuiteChangeExternalTagShuffle;

export interface SuiteCustomerAcquisitionChange<C extends CustomerAcquisitionChangeType = CustomerAcquisitionChangeType>
  extends WeComSuiteChangeBase<'customer_acquisition', C>,
    CustomerAcquisitionFields {}

export type SuiteCustomerAcquisitionInfo = { [C in CustomerAcquisitionChangeType]: SuiteCustomerAcquisitionChange<C> }[CustomerAcquisitionChangeType];

// ── other instruction callbacks ─────────────────────────────────────────────────────────────────

export interface BatchJobResultInfo extends WeComSuiteCallbackBase<'batch_job_result'> {
  BatchJob?: BatchJob;
}

export interface ShareAgentChangeInfo extends WeComSuiteCallbackBase<'share_agent_change'> {
  AppId?: string;
  CorpId?: string;
  AgentId?: string;
}

/** Sent with ServiceCorpId instead of SuiteId. */
export interface RegisterCorpInfo extends WeComSuiteCallbackBase<'register_corp'> {
  RegisterCode?: string;
  ContactSync?: { AccessToken?: string; ExpiresIn?: string };
  AuthUserInfo?: { UserId?: string };
  State?: string;
  TemplateId?: string;
}

export interface EnterRegisterPackageInfo extends WeComSuiteCallbackBase<'enter_register_package'> {
  RegisterCode?: string;
  AuthUserInfo?: { UserId?: string };
  State?: string;
  TemplateId?: string;
}

// ── orders (app store) ──────────────────────────────────────────────────────────────────────────

export interface OrderFields {
  PaidCorpId?: string;
  OrderId?: string;
  OperatorId?: string;
}

export interface OpenOrderInfo extends WeComSuiteCallbackBase<'open_order'>, OrderFields {}
export interface ChangeOrderInfo extends WeComSuiteCallbackBase<'change_order'>, OrderFields {
  OldOrderId?: string;
  NewOrderId?: string;
}
export interface PayForAppSuccessInfo extends WeComSuiteCallbackBase<'pay_for_app_success'>, OrderFields {}
export interface RefundInfo extends WeComSuiteCallbackBase<'refund'>, OrderFields {}
/** "change_editon" is WeCom's spelling (§4.5). */
export interface ChangeEditonInfo extends WeComSuiteCallbackBase<'change_editon'>, OrderFields {}

// ── interface licences (ServiceCorpId) ──────────────────────────────────────────────────────────

/** One account of a licence order; repeats without a wrapper, so always an array. */
export interface LicenseAccount {
  ActiveCode?: string;
  Type?: string;
  ExpireTime?: string;
  UserId?: string;
  PreviousStatus?: string;
  PreviousActiveCode?: string;
}

export interface LicenseFields {
  OrderId?: string;
  BuyerUserId?: string;
  OrderStatus?: string;
  Scene?: string;
  AccountList?: LicenseAccount[];
}

export interface LicensePaySuccessInfo extends WeComSuiteCallbackBase<'license_pay_success'>, LicenseFields {}
export interface LicenseRefundInfo extends WeComSuiteCallbackBase<'license_refund'>, LicenseFields {}
export interface AutoActivateInfo extends WeComSuiteCallbackBase<'auto_activate'>, LicenseFields {}

// ── InfoTypes PROTOCOL.md only names ("see S13 samples"): fields not in the spec ──────────────

export type SuiteNoticeInfoType =
  | 'corp_arch_auth'
  | 'agree_external_userid_migration'
  | 'device_data_auth_change'
  | 'chat_archive_audit_approved_single'
  | 'chat_archive_export_finished'
  | 'conversation_new_message'
  | 'hit_keyword'
  | 'advanced_api_expired'
  | 'advanced_api_trial_expired'
  | 'add_device'
  | 'del_device'
  | 'connect_info'
  | 'disconnect_info'
  | 'error_report'
  | 'fetch_log_finish'
  | 'remark_device_name'
  | 'device_feature_change';

/**
 * An instruction callback whose fields PROTOCOL.md does not list: only the common ones are typed;
 * any other element is still in the parsed payload (read it with a cast once verified).
 */
export interface SuiteNoticeInfo<I extends SuiteNoticeInfoType = SuiteNoticeInfoType> extends WeComSuiteCallbackBase<I> {}
