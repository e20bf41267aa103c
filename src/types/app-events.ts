import type { WeComChangeEventBase, WeComEventBase } from './base.js';

/**
 * Events of self-built, third-party and 代开发 apps (PROTOCOL.md §4.2; docs 90240 / 90376 / 96468),
 * except change_contact (change-contact.ts), approvals (approval.ts), 微信客服 (customer-service.ts)
 * and 客户联系 (external-contact.ts).
 */

// ── subscription and entry ──────────────────────────────────────────────────────────────────────

export interface SubscribeEvent extends WeComEventBase<'subscribe'> {
  /** Empty. */
  EventKey?: string;
}

export interface UnsubscribeEvent extends WeComEventBase<'unsubscribe'> {
  EventKey?: string;
}

export interface EnterAgentEvent extends WeComEventBase<'enter_agent'> {
  /** Empty. */
  EventKey?: string;
}

/** Reported location. The only event WeCom spells in capitals (§4.2). */
export interface LocationEvent extends WeComEventBase<'LOCATION'> {
  Latitude?: string;
  Longitude?: string;
  Precision?: string;
  /** `wxwork` or `wx`. */
  AppType?: string;
}

// ── async jobs ──────────────────────────────────────────────────────────────────────────────────

export interface BatchJob {
  JobId?: string;
  /** sync_user / replace_user / invite_user / replace_party; import_chain_contact for 上下游. */
  JobType?: string;
  ErrCode?: string;
  ErrMsg?: string;
}

export interface BatchJobResultEvent extends WeComEventBase<'batch_job_result'> {
  BatchJob?: BatchJob;
}

export interface UploadMediaJobFinishEvent extends WeComEventBase<'upload_media_job_finish'> {
  JobId?: string;
}

// ── custom menu ─────────────────────────────────────────────────────────────────────────────────

export interface ClickEvent extends WeComEventBase<'click'> {
  EventKey?: string;
}

export interface ViewEvent extends WeComEventBase<'view'> {
  /** The URL opened. */
  EventKey?: string;
}

export interface ViewMiniprogramEvent extends WeComEventBase<'view_miniprogram'> {
  /** The mini-program page path. */
  EventKey?: string;
}

export interface ScanCodeInfo {
  /** `qrcode`, `barcode`… */
  ScanType?: string;
  ScanResult?: string;
}

export interface ScancodePushEvent extends WeComEventBase<'scancode_push'> {
  EventKey?: string;
  ScanCodeInfo?: ScanCodeInfo;
}

export interface ScancodeWaitmsgEvent extends WeComEventBase<'scancode_waitmsg'> {
  EventKey?: string;
  ScanCodeInfo?: ScanCodeInfo;
}

/**
 * The pictures sent from a pic_* menu. Real payloads repeat `<PicList>` per picture while the docs
 * show one PicList with many items (§4.2); the parser merges both into this one shape.
 */
export interface SendPicsInfo {
  Count?: string;
  PicList?: { item?: Array<{ PicMd5Sum?: string }> };
}

export interface PicSysphotoEvent extends WeComEventBase<'pic_sysphoto'> {
  EventKey?: string;
  SendPicsInfo?: SendPicsInfo;
}

export interface PicPhotoOrAlbumEvent extends WeComEventBase<'pic_photo_or_album'> {
  EventKey?: string;
  SendPicsInfo?: SendPicsInfo;
}

export interface PicWeixinEvent extends WeComEventBase<'pic_weixin'> {
  EventKey?: string;
  SendPicsInfo?: SendPicsInfo;
}

export interface SendLocationInfo {
  Location_X?: string;
  Location_Y?: string;
  Scale?: string;
  Label?: string;
  Poiname?: string;
}

export interface LocationSelectEvent extends WeComEventBase<'location_select'> {
  EventKey?: string;
  SendLocationInfo?: SendLocationInfo;
  AppType?: string;
}

// ── sharing ─────────────────────────────────────────────────────────────────────────────────────

export interface ShareAgentChangeEvent extends WeComEventBase<'share_agent_change'> {}
export interface ShareChainChangeEvent extends WeComEventBase<'share_chain_change'> {}

// ── cards ───────────────────────────────────────────────────────────────────────────────────────

/** One answered question of a vote/multiple-choice card. */
export interface TemplateCardSelectedItem {
  QuestionKey?: string;
  OptionIds?: { OptionId?: string[] };
  /** WeCom's doc sample misspells OptionIds this way (§4.0). */
  OpitonIds?: { OptionId?: string[] };
}

/** Reply with WeComReply.updateButton / updateTemplateCard, or later via update_template_card + ResponseCode. */
export interface TemplateCardEvent extends WeComEventBase<'template_card_event'> {
  EventKey?: string;
  TaskId?: string;
  /** text_notice / news_notice / button_interaction / vote_interaction / multiple_interaction. */
  CardType?: string;
  /** For update_template_card; valid 72 h, single use. */
  ResponseCode?: string;
  SelectedItems?: { SelectedItem?: TemplateCardSelectedItem[] };
}

export interface TemplateCardMenuEvent extends WeComEventBase<'template_card_menu_event'> {
  EventKey?: string;
  TaskId?: string;
  CardType?: string;
  ResponseCode?: string;
}

/** Legacy task card; reply with WeComReply.updateTaskCard. */
export interface TaskcardClickEvent extends WeComEventBase<'taskcard_click'> {
  EventKey?: string;
  TaskId?: string;
}

// ── app activity and licences ───────────────────────────────────────────────────────────────────

export interface CloseInactiveAgentEvent extends WeComEventBase<'close_inactive_agent'> {}
export interface ReopenInactiveAgentEvent extends WeComEventBase<'reopen_inactive_agent'> {}
export interface InactiveAlertEvent extends WeComEventBase<'inactive_alert'> {}
export interface LowActiveAlertEvent extends WeComEventBase<'low_active_alert'> {
  EffectTime?: string;
}
export interface LowActiveEvent extends WeComEventBase<'low_active'> {}
export interface ActiveRestoredEvent extends WeComEventBase<'active_restored'> {}
export interface UnlicensedNotifyEvent extends WeComEventBase<'unlicensed_notify'> {}
export interface ChangeAppAdminEvent extends WeComEventBase<'change_app_admin'> {}

// ── live, archive, calendar, meetings ───────────────────────────────────────────────────────────

export interface LivingStatusChangeEvent extends WeComEventBase<'living_status_change'> {
  LivingId?: string;
  /** '0' scheduled, '1' live, '2' ended, '4' cancelled. */
  Status?: string;
}

/** 会话存档: new archived messages; pull them with the Finance SDK (doc 95039). */
export interface MsgauditNotifyEvent extends WeComEventBase<'msgaudit_notify'> {}

export interface ModifyCalendarEvent extends WeComEventBase<'modify_calendar'> {
  CalId?: string;
}
export interface DeleteCalendarEvent extends WeComEventBase<'delete_calendar'> {
  CalId?: string;
}

export interface ScheduleFields {
  CalId?: string;
  ScheduleId?: string;
}
export interface AddScheduleEvent extends WeComEventBase<'add_schedule'>, ScheduleFields {}
export interface ModifyScheduleEvent extends WeComEventBase<'modify_schedule'>, ScheduleFields {}
export interface DeleteScheduleEvent extends WeComEventBase<'delete_schedule'>, ScheduleFields {}
export interface RespondScheduleEvent extends WeComEventBase<'respond_schedule'>, ScheduleFields {}

export interface MeetingRoomFields {
  MeetingRoomId?: string;
  /** In the S13 doc sample. */
  MeetingId?: string;
  /** In WxJava's model (S12). */
  BookingId?: string;
}
export interface BookMeetingRoomEvent extends WeComEventBase<'book_meeting_room'>, MeetingRoomFields {}
export interface CancelMeetingRoomEvent extends WeComEventBase<'cancel_meeting_room'>, MeetingRoomFields {}

/**
 * Open ChangeType sets: PROTOCOL.md gives examples, not the full list, so these families accept any
 * string besides the known ones and are not in WeComChangeTypeMap.
 */
type OpenSet<Known extends string> = Known | (string & {});

export interface MeetingChangeEvent extends WeComChangeEventBase<'meeting_change', OpenSet<'modify_meeting' | 'start_meeting'>> {
  MeetingId?: string;
}
export interface MeetingStatisticsEvent extends WeComEventBase<'meeting_statistics'> {
  MeetingId?: string;
  Status?: string;
}

// ── documents and drive ─────────────────────────────────────────────────────────────────────────

export interface DocChangeEvent extends WeComChangeEventBase<'doc_change', OpenSet<'doc_member_change'>> {
  /** Always arrays (implicit repeats at the root). */
  DocId?: string[];
  FormId?: string[];
}

export interface SmartSheetChangeEvent extends WeComChangeEventBase<'smart_sheet_change', OpenSet<'update_field_or_record'>> {
  /** An array because doc_change repeats the same root element (see repeated-elements.ts). */
  DocId?: string[];
  SheetId?: string;
  FieldId?: string[];
  RecordId?: string[];
}

export interface WedriveFileChangeEvent extends WeComChangeEventBase<'wedrive_file_change', OpenSet<never>> {
  FileId?: string;
}
export interface WedriveSpaceChangeEvent extends WeComChangeEventBase<'wedrive_space_change', OpenSet<never>> {
  FileId?: string;
}
export interface WedriveInsufficientCapacityEvent extends WeComEventBase<'wedrive_insufficient_capacity'> {
  ChangeType?: string;
}

// ── 上下游 and 家校 ────────────────────────────────────────────────────────────────────────────────

export type ChangeChainChangeType =
  | 'create_chain'
  | 'update_chain'
  | 'delete_chain'
  | 'create_group'
  | 'update_group'
  | 'delete_group'
  | 'corp_join'
  | 'update_corp'
  | 'remove_corp';

/** 上下游 change (doc 95796); all ChangeTypes share one field list in §4.2. */
export interface ChangeChainChange<C extends ChangeChainChangeType = ChangeChainChangeType> extends WeComChangeEventBase<'change_chain', C> {
  ChainId?: string;
  GroupIds?: { GroupId?: string[] };
  CorpIds?: { CorpId?: string[] };
}
export type ChangeChainEvent = { [C in ChangeChainChangeType]: ChangeChainChange<C> }[ChangeChainChangeType];

export type ChangeSchoolContactChangeType =
  | 'create_student'
  | 'update_student'
  | 'delete_student'
  | 'create_parent'
  | 'update_parent'
  | 'delete_parent'
  | 'subscribe'
  | 'unsubscribe'
  | 'create_department'
  | 'update_department'
  | 'delete_department';

export interface ChangeSchoolContactChange<C extends ChangeSchoolContactChangeType = ChangeSchoolContactChangeType>
  extends WeComChangeEventBase<'change_school_contact', C> {
  Id?: string;
}
export type ChangeSchoolContactEvent = { [C in ChangeSchoolContactChangeType]: ChangeSchoolContactChange<C> }[ChangeSchoolContactChangeType];

// ── others seen in S13 (§4.2 last row) ──────────────────────────────────────────────────────────

export interface AppEmailChangeEvent extends WeComChangeEventBase<'app_email_change', OpenSet<never>> {
  Amount?: string;
}
export interface SecurityEvent extends WeComChangeEventBase<'security', OpenSet<never>> {}
export interface SwitchWorkbenchModeEvent extends WeComEventBase<'switch_workbench_mode'> {
  Mode?: string;
}
export interface SubmitVipAccountApprovalEvent extends WeComEventBase<'submit_vip_account_approval'> {
  ApplyReason?: string;
  BusinessType?: string;
  ApplyId?: string;
}
export interface FinishVipAccountApprovalEvent extends WeComEventBase<'finish_vip_account_approval'> {
  FinishType?: string;
  ApplyId?: string;
}
export interface ProgramNotifyEvent extends WeComEventBase<'program_notify'> {
  NotifyId?: string;
  NotifyScene?: string;
}
