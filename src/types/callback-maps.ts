import type {
  ActiveRestoredEvent,
  AddScheduleEvent,
  AppEmailChangeEvent,
  BatchJobResultEvent,
  BookMeetingRoomEvent,
  CancelMeetingRoomEvent,
  ChangeAppAdminEvent,
  ChangeChainChange,
  ChangeChainChangeType,
  ChangeChainEvent,
  ChangeSchoolContactChange,
  ChangeSchoolContactChangeType,
  ChangeSchoolContactEvent,
  ClickEvent,
  CloseInactiveAgentEvent,
  DeleteCalendarEvent,
  DeleteScheduleEvent,
  DocChangeEvent,
  EnterAgentEvent,
  FinishVipAccountApprovalEvent,
  InactiveAlertEvent,
  LivingStatusChangeEvent,
  LocationEvent,
  LocationSelectEvent,
  LowActiveAlertEvent,
  LowActiveEvent,
  MeetingChangeEvent,
  MeetingStatisticsEvent,
  ModifyCalendarEvent,
  ModifyScheduleEvent,
  MsgauditNotifyEvent,
  PicPhotoOrAlbumEvent,
  PicSysphotoEvent,
  PicWeixinEvent,
  ProgramNotifyEvent,
  ReopenInactiveAgentEvent,
  RespondScheduleEvent,
  ScancodePushEvent,
  ScancodeWaitmsgEvent,
  SecurityEvent,
  ShareAgentChangeEvent,
  ShareChainChangeEvent,
  SmartSheetChangeEvent,
  SubmitVipAccountApprovalEvent,
  SubscribeEvent,
  SwitchWorkbenchModeEvent,
  TaskcardClickEvent,
  TemplateCardEvent,
  TemplateCardMenuEvent,
  UnlicensedNotifyEvent,
  UnsubscribeEvent,
  UploadMediaJobFinishEvent,
  ViewEvent,
  ViewMiniprogramEvent,
  WedriveFileChangeEvent,
  WedriveInsufficientCapacityEvent,
  WedriveSpaceChangeEvent,
} from './app-events.js';
import type { OpenApprovalChangeEvent, SysApprovalChangeEvent } from './approval.js';
import type {
  ChangeContactCreateParty,
  ChangeContactCreateUser,
  ChangeContactDeleteParty,
  ChangeContactDeleteUser,
  ChangeContactEvent,
  ChangeContactUpdateParty,
  ChangeContactUpdateTag,
  ChangeContactUpdateUser,
} from './change-contact.js';
import type { KfAccountAuthChangeEvent, KfMsgOrEventEvent } from './customer-service.js';
import type {
  ChangeExternalChatCreate,
  ChangeExternalChatDismiss,
  ChangeExternalChatEvent,
  ChangeExternalChatUpdate,
  ChangeExternalContactAddExternalContact,
  ChangeExternalContactAddHalfExternalContact,
  ChangeExternalContactDelExternalContact,
  ChangeExternalContactDelFollowUser,
  ChangeExternalContactEditExternalContact,
  ChangeExternalContactEvent,
  ChangeExternalContactMsgAuditApproved,
  ChangeExternalContactTransferFail,
  ChangeExternalTagCreate,
  ChangeExternalTagDelete,
  ChangeExternalTagEvent,
  ChangeExternalTagShuffle,
  ChangeExternalTagUpdate,
  CustomerAcquisitionChange,
  CustomerAcquisitionChangeType,
  CustomerAcquisitionEvent,
} from './external-contact.js';
import type { ImageMessage, LinkMessage, LocationMessage, TextMessage, VideoMessage, VoiceMessage } from './messages.js';
import type {
  ApproveSpecialAuthInfo,
  AutoActivateInfo,
  BatchJobResultInfo,
  CancelAuthInfo,
  CancelSpecialAuthInfo,
  ChangeAuthInfo,
  ChangeEditonInfo,
  ChangeOrderInfo,
  CreateAuthInfo,
  DelAuthInfo,
  EnterRegisterPackageInfo,
  LicensePaySuccessInfo,
  LicenseRefundInfo,
  OpenOrderInfo,
  PayForAppSuccessInfo,
  RefundInfo,
  RegisterCorpInfo,
  ResetPermanentCodeInfo,
  ShareAgentChangeInfo,
  SuiteTicketInfo,
  SuiteChangeContactCreateParty,
  SuiteChangeContactCreateUser,
  SuiteChangeContactDeleteParty,
  SuiteChangeContactDeleteUser,
  SuiteChangeContactInfo,
  SuiteChangeContactUpdateParty,
  SuiteChangeContactUpdateTag,
  SuiteChangeContactUpdateUser,
  SuiteChangeExternalChatCreate,
  SuiteChangeExternalChatDismiss,
  SuiteChangeExternalChatInfo,
  SuiteChangeExternalChatUpdate,
  SuiteChangeExternalContactAddExternalContact,
  SuiteChangeExternalContactAddHalfExternalContact,
  SuiteChangeExternalContactDelExternalContact,
  SuiteChangeExternalContactDelFollowUser,
  SuiteChangeExternalContactEditExternalContact,
  SuiteChangeExternalContactInfo,
  SuiteChangeExternalContactMsgAuditApproved,
  SuiteChangeExternalContactTransferFail,
  SuiteChangeExternalTagCreate,
  SuiteChangeExternalTagDelete,
  SuiteChangeExternalTagInfo,
  SuiteChangeExternalTagShuffle,
  SuiteChangeExternalTagUpdate,
  SuiteCustomerAcquisitionChange,
  SuiteCustomerAcquisitionInfo,
  SuiteNoticeInfo,
  SuiteNoticeInfoType,
} from './suite.js';

/**
 * Compile-time maps from the routing keys WeCom sends to the payload types, for the decorators:
 * `@OnWeComMessage('text')` → WeComMessageMap['text'], `@OnWeComEvent('change_contact', 'create_user')`
 * → WeComChangeTypeMap['change_contact']['create_user'] (PROTOCOL.md §4.0 dispatch key:
 * InfoType ?? (MsgType == 'event' ? Event : MsgType), refined by ChangeType).
 */

/** `MsgType` of app messages (§4.1). */
export interface WeComMessageMap {
  text: TextMessage;
  image: ImageMessage;
  voice: VoiceMessage;
  video: VideoMessage;
  location: LocationMessage;
  link: LinkMessage;
}

/**
 * `Event` of app events (§4.2-§4.4), keyed by the exact spelling WeCom sends — which is why the
 * location report is `LOCATION`. The router matches event names case-insensitively, so handlers may
 * also write `location`: accept `WeComEventName` and look payloads up with `WeComEventPayload<K>`,
 * rather than listing a second spelling here (that would put a key in the map WeCom never sends).
 * Families with a ChangeType map to the union of their change types.
 */
export interface WeComEventMap {
  subscribe: SubscribeEvent;
  unsubscribe: UnsubscribeEvent;
  enter_agent: EnterAgentEvent;
  LOCATION: LocationEvent;
  batch_job_result: BatchJobResultEvent;
  change_contact: ChangeContactEvent;
  click: ClickEvent;
  view: ViewEvent;
  view_miniprogram: ViewMiniprogramEvent;
  scancode_push: ScancodePushEvent;
  scancode_waitmsg: ScancodeWaitmsgEvent;
  pic_sysphoto: PicSysphotoEvent;
  pic_photo_or_album: PicPhotoOrAlbumEvent;
  pic_weixin: PicWeixinEvent;
  location_select: LocationSelectEvent;
  open_approval_change: OpenApprovalChangeEvent;
  sys_approval_change: SysApprovalChangeEvent;
  share_agent_change: ShareAgentChangeEvent;
  share_chain_change: ShareChainChangeEvent;
  template_card_event: TemplateCardEvent;
  template_card_menu_event: TemplateCardMenuEvent;
  taskcard_click: TaskcardClickEvent;
  close_inactive_agent: CloseInactiveAgentEvent;
  reopen_inactive_agent: ReopenInactiveAgentEvent;
  inactive_alert: InactiveAlertEvent;
  low_active_alert: LowActiveAlertEvent;
  low_active: LowActiveEvent;
  active_restored: ActiveRestoredEvent;
  unlicensed_notify: UnlicensedNotifyEvent;
  kf_msg_or_event: KfMsgOrEventEvent;
  kf_account_auth_change: KfAccountAuthChangeEvent;
  living_status_change: LivingStatusChangeEvent;
  msgaudit_notify: MsgauditNotifyEvent;
  modify_calendar: ModifyCalendarEvent;
  delete_calendar: DeleteCalendarEvent;
  add_schedule: AddScheduleEvent;
  modify_schedule: ModifyScheduleEvent;
  delete_schedule: DeleteScheduleEvent;
  respond_schedule: RespondScheduleEvent;
  book_meeting_room: BookMeetingRoomEvent;
  cancel_meeting_room: CancelMeetingRoomEvent;
  meeting_change: MeetingChangeEvent;
  meeting_statistics: MeetingStatisticsEvent;
  doc_change: DocChangeEvent;
  smart_sheet_change: SmartSheetChangeEvent;
  wedrive_file_change: WedriveFileChangeEvent;
  wedrive_space_change: WedriveSpaceChangeEvent;
  wedrive_insufficient_capacity: WedriveInsufficientCapacityEvent;
  upload_media_job_finish: UploadMediaJobFinishEvent;
  change_chain: ChangeChainEvent;
  change_school_contact: ChangeSchoolContactEvent;
  app_email_change: AppEmailChangeEvent;
  security: SecurityEvent;
  switch_workbench_mode: SwitchWorkbenchModeEvent;
  submit_vip_account_approval: SubmitVipAccountApprovalEvent;
  finish_vip_account_approval: FinishVipAccountApprovalEvent;
  program_notify: ProgramNotifyEvent;
  change_app_admin: ChangeAppAdminEvent;
  change_external_contact: ChangeExternalContactEvent;
  change_external_chat: ChangeExternalChatEvent;
  change_external_tag: ChangeExternalTagEvent;
  customer_acquisition: CustomerAcquisitionEvent;
}

/**
 * `Event` → `ChangeType` → payload, for the event families whose ChangeType list PROTOCOL.md gives.
 * Families with open-ended ChangeTypes (meeting_change, doc_change, smart_sheet_change, wedrive_*,
 * app_email_change, security) are routed by Event only.
 */
export interface WeComChangeTypeMap {
  change_contact: {
    create_user: ChangeContactCreateUser;
    update_user: ChangeContactUpdateUser;
    delete_user: ChangeContactDeleteUser;
    create_party: ChangeContactCreateParty;
    update_party: ChangeContactUpdateParty;
    delete_party: ChangeContactDeleteParty;
    update_tag: ChangeContactUpdateTag;
  };
  change_external_contact: {
    add_external_contact: ChangeExternalContactAddExternalContact;
    edit_external_contact: ChangeExternalContactEditExternalContact;
    add_half_external_contact: ChangeExternalContactAddHalfExternalContact;
    del_external_contact: ChangeExternalContactDelExternalContact;
    del_follow_user: ChangeExternalContactDelFollowUser;
    transfer_fail: ChangeExternalContactTransferFail;
    msg_audit_approved: ChangeExternalContactMsgAuditApproved;
  };
  change_external_chat: {
    create: ChangeExternalChatCreate;
    update: ChangeExternalChatUpdate;
    dismiss: ChangeExternalChatDismiss;
  };
  change_external_tag: {
    create: ChangeExternalTagCreate;
    update: ChangeExternalTagUpdate;
    delete: ChangeExternalTagDelete;
    shuffle: ChangeExternalTagShuffle;
  };
  customer_acquisition: { [C in CustomerAcquisitionChangeType]: CustomerAcquisitionChange<C> };
  change_chain: { [C in ChangeChainChangeType]: ChangeChainChange<C> };
  change_school_contact: { [C in ChangeSchoolContactChangeType]: ChangeSchoolContactChange<C> };
}

type SuiteNoticeMap = { [I in SuiteNoticeInfoType]: SuiteNoticeInfo<I> };

/** `InfoType` of third-party / 代开发 instruction callbacks (§4.5). */
export interface WeComInfoTypeMap extends SuiteNoticeMap {
  suite_ticket: SuiteTicketInfo;
  create_auth: CreateAuthInfo;
  change_auth: ChangeAuthInfo;
  cancel_auth: CancelAuthInfo;
  del_auth: DelAuthInfo;
  reset_permanent_code: ResetPermanentCodeInfo;
  approve_special_auth: ApproveSpecialAuthInfo;
  cancel_special_auth: CancelSpecialAuthInfo;
  change_contact: SuiteChangeContactInfo;
  change_external_contact: SuiteChangeExternalContactInfo;
  change_external_chat: SuiteChangeExternalChatInfo;
  change_external_tag: SuiteChangeExternalTagInfo;
  customer_acquisition: SuiteCustomerAcquisitionInfo;
  batch_job_result: BatchJobResultInfo;
  share_agent_change: ShareAgentChangeInfo;
  register_corp: RegisterCorpInfo;
  enter_register_package: EnterRegisterPackageInfo;
  open_order: OpenOrderInfo;
  change_order: ChangeOrderInfo;
  pay_for_app_success: PayForAppSuccessInfo;
  refund: RefundInfo;
  change_editon: ChangeEditonInfo;
  license_pay_success: LicensePaySuccessInfo;
  license_refund: LicenseRefundInfo;
  auto_activate: AutoActivateInfo;
}

/** `InfoType` → `ChangeType` → payload, for the suite form of the change families (§4.3, §4.4). */
export interface WeComInfoChangeTypeMap {
  change_contact: {
    create_user: SuiteChangeContactCreateUser;
    update_user: SuiteChangeContactUpdateUser;
    delete_user: SuiteChangeContactDeleteUser;
    create_party: SuiteChangeContactCreateParty;
    update_party: SuiteChangeContactUpdateParty;
    delete_party: SuiteChangeContactDeleteParty;
    update_tag: SuiteChangeContactUpdateTag;
  };
  change_external_contact: {
    add_external_contact: SuiteChangeExternalContactAddExternalContact;
    edit_external_contact: SuiteChangeExternalContactEditExternalContact;
    add_half_external_contact: SuiteChangeExternalContactAddHalfExternalContact;
    del_external_contact: SuiteChangeExternalContactDelExternalContact;
    del_follow_user: SuiteChangeExternalContactDelFollowUser;
    transfer_fail: SuiteChangeExternalContactTransferFail;
    msg_audit_approved: SuiteChangeExternalContactMsgAuditApproved;
  };
  change_external_chat: {
    create: SuiteChangeExternalChatCreate;
    update: SuiteChangeExternalChatUpdate;
    dismiss: SuiteChangeExternalChatDismiss;
  };
  change_external_tag: {
    create: SuiteChangeExternalTagCreate;
    update: SuiteChangeExternalTagUpdate;
    delete: SuiteChangeExternalTagDelete;
    shuffle: SuiteChangeExternalTagShuffle;
  };
  customer_acquisition: { [C in CustomerAcquisitionChangeType]: SuiteCustomerAcquisitionChange<C> };
}

export type WeComMessageType = keyof WeComMessageMap;
export type WeComInfoType = keyof WeComInfoTypeMap;

/** An event name as a handler may write it: WeCom's spelling, or all lowercase (the router ignores case). */
export type WeComEventName = keyof WeComEventMap | Lowercase<keyof WeComEventMap>;

/** The payload type of an event name in either spelling: `WeComEventPayload<'location'>` is LocationEvent. */
export type WeComEventPayload<K extends WeComEventName> = {
  [E in keyof WeComEventMap]: K extends E | Lowercase<E> ? WeComEventMap[E] : never;
}[keyof WeComEventMap];

export type WeComMessage = WeComMessageMap[keyof WeComMessageMap];
export type WeComEvent = WeComEventMap[keyof WeComEventMap];
export type WeComSuiteInfo = WeComInfoTypeMap[keyof WeComInfoTypeMap];

/**
 * Everything parseCallbackXml can return for a known callback: app messages, app events and
 * instruction callbacks. The AI bot's JSON callbacks are a separate family (WeComBotCallback, bot.ts).
 */
export type WeComCallbackPayload = WeComMessage | WeComEvent | WeComSuiteInfo;
