import type {
  ChangeChainChange,
  ChangeContactCreateUser,
  ChangeSchoolContactChange,
  CustomerAcquisitionFields,
  LicenseFields,
  OrderFields,
  SendPicsInfo,
  TemplateCardMenuEvent,
  WeComChangeTypeMap,
  WeComEventMap,
  WeComInfoChangeTypeMap,
  WeComInfoTypeMap,
  WeComMessageMap,
  WeComMessageType,
} from '../types/index.js';

/**
 * Plaintext templates of every callback in PROTOCOL.md §4: the six messages (§4.1), every event of
 * §4.2-§4.4 and every instruction callback of §4.5. The one source of truth for the simulator CLI and
 * for the testing module's builders.
 *
 * A template holds only the BODY: the fields after the header, with realistic values taken from the
 * protocol's samples. The header (ToUserName, FromUserName, CreateTime, MsgType, Event, ChangeType,
 * MsgId, AgentID; or SuiteId, InfoType, TimeStamp, AuthCorpId) is written by callback-renderer.ts from
 * the app being called. The tables are typed against the payload maps, so a missing template or a
 * misspelt field name is a compile error.
 */

/** Who a callback comes from, which decides its FromUserName (§4.0): a member, `sys`, or nobody (微信客服). */
export type CallbackSender = 'member' | 'sys' | 'none';

/** Header fields, written by the renderer rather than by a template. */
type HeaderField =
  | 'ToUserName'
  | 'FromUserName'
  | 'CreateTime'
  | 'MsgType'
  | 'Event'
  | 'ChangeType'
  | 'MsgId'
  | 'AgentID'
  | 'SuiteId'
  | 'ServiceCorpId'
  | 'InfoType'
  | 'TimeStamp'
  | 'AuthCorpId';

/** The body of one callback: any of its payload type's non-header fields. */
export type TemplateBody<P> = { readonly [K in Exclude<keyof P, HeaderField>]?: P[K] };

export interface EventHeader {
  readonly sender: CallbackSender;
  /** Whether WeCom sends `AgentID`: "仅应用相关的回调会带该字段" (§3.2), so not for change_contact. */
  readonly agentId: boolean;
}

/** An event without a ChangeType list; `defaultChangeType` for the open-ended families (meeting_change …). */
export interface SimpleEventTemplate<P> extends EventHeader {
  readonly body: TemplateBody<P>;
  readonly defaultChangeType?: string;
}

/** An event family refined by ChangeType: one body per ChangeType. */
export interface ChangeEventTemplate<F> extends EventHeader {
  readonly changeTypes: { readonly [C in keyof F]: TemplateBody<F[C]> };
}

type ChangeTypeBodies<F> = ChangeEventTemplate<F>['changeTypes'];

export type EventTemplate<E extends keyof WeComEventMap> = E extends keyof WeComChangeTypeMap
  ? ChangeEventTemplate<WeComChangeTypeMap[E]>
  : SimpleEventTemplate<WeComEventMap[E]>;

export interface InfoHeader {
  /** The receiver element: `SuiteId`, or `ServiceCorpId` for provider-level callbacks (§4.5). */
  readonly receiver: 'SuiteId' | 'ServiceCorpId';
  readonly authCorpId: boolean;
}

export interface SimpleInfoTemplate<P> extends InfoHeader {
  readonly body: TemplateBody<P>;
}

export interface ChangeInfoTemplate<F> extends InfoHeader {
  readonly changeTypes: { readonly [C in keyof F]: TemplateBody<F[C]> };
}

export type InfoTemplate<I extends keyof WeComInfoTypeMap> = I extends keyof WeComInfoChangeTypeMap
  ? ChangeInfoTemplate<WeComInfoChangeTypeMap[I]>
  : SimpleInfoTemplate<WeComInfoTypeMap[I]>;

// ── sample values shared by several templates ──────────────────────────────────────────────────

const USER = 'zhangsan';
const EXTERNAL_USER = 'woAJ2GCAAAXtWyujaWJHDDGi0mAAAA';
const AUTH_CORP = 'wxf8b4f85f3a794e77';
const CHAT = 'wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA';
const member = { sender: 'member', agentId: true } as const;
const memberNoAgent = { sender: 'member', agentId: false } as const;
const sys = { sender: 'sys', agentId: false } as const;
const sysWithAgent = { sender: 'sys', agentId: true } as const;
const suite = { receiver: 'SuiteId', authCorpId: true } as const;
const provider = { receiver: 'ServiceCorpId', authCorpId: true } as const;

const createUser: TemplateBody<ChangeContactCreateUser> = {
  UserID: USER,
  Name: '张三',
  Department: '1,2',
  MainDepartment: '1',
  IsLeaderInDept: '1,0',
  DirectLeader: 'lisi',
  Position: '产品经理',
  Mobile: '13800000000',
  Gender: '1',
  Email: 'zhangsan@example.com',
  Status: '1',
  Alias: 'zhangsan',
  ExtAttr: { Item: [{ Name: '爱好', Type: '0', Text: { Value: '旅游' } }] },
};
const changeContact: ChangeTypeBodies<WeComChangeTypeMap['change_contact']> = {
  create_user: createUser,
  update_user: { UserID: USER, NewUserID: 'zhangsan001', Name: '张三', Department: '1,2', MainDepartment: '2' },
  delete_user: { UserID: USER },
  create_party: { Id: '2', Name: '研发部', ParentId: '1', Order: '1' },
  update_party: { Id: '2', Name: '研发中心', ParentId: '1' },
  delete_party: { Id: '2' },
  update_tag: { TagId: '1', AddUserItems: 'zhangsan,lisi', DelUserItems: 'wangwu', AddPartyItems: '1,2', DelPartyItems: '3' },
};

const externalContact: ChangeTypeBodies<WeComChangeTypeMap['change_external_contact']> = {
  add_external_contact: { UserID: USER, ExternalUserID: EXTERNAL_USER, State: 'teststate', WelcomeCode: 'WELCOMECODE' },
  edit_external_contact: { UserID: USER, ExternalUserID: EXTERNAL_USER },
  add_half_external_contact: { UserID: USER, ExternalUserID: EXTERNAL_USER, State: 'teststate', WelcomeCode: 'WELCOMECODE' },
  del_external_contact: { UserID: USER, ExternalUserID: EXTERNAL_USER, Source: 'DELETE_BY_TRANSFER' },
  del_follow_user: { UserID: USER, ExternalUserID: EXTERNAL_USER },
  transfer_fail: { FailReason: 'customer_refused', UserID: USER, ExternalUserID: EXTERNAL_USER },
  msg_audit_approved: { UserID: USER, ExternalUserID: EXTERNAL_USER, WelcomeCode: 'WELCOMECODE' },
};

const externalChat: ChangeTypeBodies<WeComChangeTypeMap['change_external_chat']> = {
  create: { ChatId: CHAT },
  update: {
    ChatId: CHAT,
    UpdateDetail: 'add_member',
    JoinScene: '1',
    MemChangeCnt: '1',
    MemChangeList: { Item: ['Jack'] },
    LastMemVer: '9c3f97c2ada667dfb5f6d03308d963e1',
    CurMemVer: '71217227bbd112ecfe3a49c482195cb4',
  },
  dismiss: { ChatId: CHAT },
};

const externalTag: ChangeTypeBodies<WeComChangeTypeMap['change_external_tag']> = {
  create: { Id: 'etm7wjCgAA7bK2Qw-8R5C2Rsl-4jSkCQ', TagType: 'tag' },
  update: { Id: 'etm7wjCgAA7bK2Qw-8R5C2Rsl-4jSkCQ', TagType: 'tag' },
  delete: { Id: 'etm7wjCgAA7bK2Qw-8R5C2Rsl-4jSkCQ', TagType: 'tag' },
  shuffle: { Id: 'etm7wjCgAA7bK2Qw-8R5C2Rsl-4jSkCQ', StrategyId: '1' },
};

const acquisitionLink: CustomerAcquisitionFields = { LinkId: 'cawcde5qwe', UserID: USER, ExternalUserID: EXTERNAL_USER, State: 'c1' };
const customerAcquisition: ChangeTypeBodies<WeComChangeTypeMap['customer_acquisition']> = {
  balance_low: {},
  balance_exhausted: {},
  link_unavailable: { LinkId: 'cawcde5qwe' },
  delete_link: { LinkId: 'cawcde5qwe' },
  customer_start_chat: acquisitionLink,
  friend_request: acquisitionLink,
  open_profile: acquisitionLink,
};

const chain: TemplateBody<ChangeChainChange> = { ChainId: 'Chxxxxxx', GroupIds: { GroupId: ['2'] }, CorpIds: { CorpId: ['wwcorp1'] } };
const schoolContact: TemplateBody<ChangeSchoolContactChange> = { Id: 'student_1' };
const pics: SendPicsInfo = { Count: '1', PicList: { item: [{ PicMd5Sum: '1b5f7c23b5bf75682a53e7b6d163e185' }] } };
const cardEvent: TemplateBody<TemplateCardMenuEvent> = { EventKey: 'button_1', TaskId: 'task_1', CardType: 'button_interaction', ResponseCode: 'RESPONSE_CODE' };
const order: OrderFields = { PaidCorpId: AUTH_CORP, OrderId: 'T00000000000000001', OperatorId: USER };
const license: LicenseFields = {
  OrderId: 'OI00000000000000001',
  BuyerUserId: USER,
  AccountList: [{ ActiveCode: 'code1', Type: '1', ExpireTime: '1700000000', UserId: USER }],
};

// ── §4.1 messages ───────────────────────────────────────────────────────────────────────────────

export const MESSAGE_TEMPLATES: { readonly [M in WeComMessageType]: TemplateBody<WeComMessageMap[M]> } = {
  text: { Content: 'hello' },
  image: { PicUrl: 'https://wework.qpic.cn/wwpic/demo/0', MediaId: 'MEDIA_ID_IMAGE' },
  voice: { MediaId: 'MEDIA_ID_VOICE', Format: 'amr' },
  video: { MediaId: 'MEDIA_ID_VIDEO', ThumbMediaId: 'THUMB_MEDIA_ID' },
  location: { Location_X: '23.134521', Location_Y: '113.358803', Scale: '20', Label: '广州市天河区', AppType: 'wxwork' },
  link: { Title: '企业微信', Description: 'desc', Url: 'https://work.weixin.qq.com/', PicUrl: 'https://work.weixin.qq.com/logo.png' },
};

// ── §4.2-§4.4 events ────────────────────────────────────────────────────────────────────────────

export const EVENT_TEMPLATES: { readonly [E in keyof WeComEventMap]: EventTemplate<E> } = {
  subscribe: { ...member, body: { EventKey: '' } },
  unsubscribe: { ...member, body: { EventKey: '' } },
  enter_agent: { ...member, body: { EventKey: '' } },
  LOCATION: { ...member, body: { Latitude: '23.104105', Longitude: '113.320107', Precision: '65.000000', AppType: 'wxwork' } },
  batch_job_result: { ...sys, body: { BatchJob: { JobId: 'S0MrnndvRG5fadSlLwiBqiDDbM143UqTmKP3152FZk4', JobType: 'sync_user', ErrCode: '0', ErrMsg: 'ok' } } },
  change_contact: { ...sys, changeTypes: changeContact },
  click: { ...member, body: { EventKey: 'menu_1' } },
  view: { ...member, body: { EventKey: 'https://work.weixin.qq.com/' } },
  view_miniprogram: { ...member, body: { EventKey: 'pages/index/index' } },
  scancode_push: { ...member, body: { EventKey: 'scan_1', ScanCodeInfo: { ScanType: 'qrcode', ScanResult: 'https://example.com/?q=1' } } },
  scancode_waitmsg: { ...member, body: { EventKey: 'scan_2', ScanCodeInfo: { ScanType: 'qrcode', ScanResult: 'https://example.com/?q=2' } } },
  pic_sysphoto: { ...member, body: { EventKey: 'photo', SendPicsInfo: pics } },
  pic_photo_or_album: { ...member, body: { EventKey: 'album', SendPicsInfo: pics } },
  pic_weixin: { ...member, body: { EventKey: 'weixin', SendPicsInfo: pics } },
  location_select: {
    ...member,
    body: { EventKey: 'location', SendLocationInfo: { Location_X: '23', Location_Y: '113', Scale: '15', Label: '广州市海珠区', Poiname: '' }, AppType: 'wxwork' },
  },
  open_approval_change: {
    ...member,
    body: {
      ApprovalInfo: {
        ThirdNo: '201806010001',
        OpenSpName: '付款',
        OpenTemplateId: '1234567890',
        OpenSpStatus: '1',
        ApplyTime: '1527837645',
        ApplyUserName: '张三',
        ApplyUserId: USER,
        ApplyUserParty: '产品部',
        ApprovalNodes: { ApprovalNode: [{ NodeStatus: '1', NodeAttr: '1', NodeType: '1', Items: { Item: [{ ItemName: '李四', ItemUserId: 'lisi', ItemStatus: '1' }] } }] },
        NotifyNodes: { NotifyNode: [{ ItemName: '王五', ItemUserId: 'wangwu' }] },
        ApproverStep: '0',
      },
    },
  },
  sys_approval_change: {
    ...sysWithAgent,
    body: {
      ApprovalInfo: {
        SpNo: '201909270001',
        SpName: '请假',
        SpStatus: '1',
        TemplateId: '3TkaH5KFbrG9heEQ94eT3TwmoJe8LzYQ1j2N',
        ApplyTime: '1569584428',
        Applyer: { UserId: USER, Party: '1' },
        SpRecord: [{ SpStatus: '1', ApproverAttr: '1', Details: [{ Approver: { UserId: 'lisi' }, Speech: '', SpStatus: '1', SpTime: '0' }] }],
        Notifyer: [{ UserId: 'wangwu' }],
        StatuChangeEvent: '1',
      },
    },
  },
  share_agent_change: { ...member, body: {} },
  share_chain_change: { ...member, body: {} },
  template_card_event: { ...member, body: { ...cardEvent, SelectedItems: { SelectedItem: [{ QuestionKey: 'question_1', OptionIds: { OptionId: ['option_1'] } }] } } },
  template_card_menu_event: { ...member, body: cardEvent },
  taskcard_click: { ...member, body: { EventKey: 'key_1', TaskId: 'task_1' } },
  close_inactive_agent: { ...sysWithAgent, body: {} },
  reopen_inactive_agent: { ...sysWithAgent, body: {} },
  inactive_alert: { ...sysWithAgent, body: {} },
  low_active_alert: { ...sysWithAgent, body: { EffectTime: '1700000000' } },
  low_active: { ...sysWithAgent, body: {} },
  active_restored: { ...sysWithAgent, body: {} },
  unlicensed_notify: { ...member, body: {} },
  kf_msg_or_event: { sender: 'none', agentId: false, body: { Token: 'ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR', OpenKfId: 'wkxxxxxxx' } },
  kf_account_auth_change: { ...sys, body: { AuthAddOpenKfId: ['wkAJ2GCAAAZSfhHCt7IFSvLKtMPxyJTw'], AuthDelOpenKfId: ['wkAJ2GCAAAZSfhHCt7IFSvLKtMPxyJTx'] } },
  living_status_change: { ...sysWithAgent, body: { LivingId: 'lvOQpTDwAAh8_LvfJzoXfq5B0sp9qmIA', Status: '1' } },
  msgaudit_notify: { ...sysWithAgent, body: {} },
  modify_calendar: { ...memberNoAgent, body: { CalId: 'wcjgewCwAAqeJcPI1d8Pwbjt7nttzAAA' } },
  delete_calendar: { ...memberNoAgent, body: { CalId: 'wcjgewCwAAqeJcPI1d8Pwbjt7nttzAAA' } },
  add_schedule: { ...memberNoAgent, body: { CalId: 'wcjgewCwAAqeJcPI1d8Pwbjt7nttzAAA', ScheduleId: '17c7d2bd9f20d652840f72f59e796AAA' } },
  modify_schedule: { ...memberNoAgent, body: { CalId: 'wcjgewCwAAqeJcPI1d8Pwbjt7nttzAAA', ScheduleId: '17c7d2bd9f20d652840f72f59e796AAA' } },
  delete_schedule: { ...memberNoAgent, body: { CalId: 'wcjgewCwAAqeJcPI1d8Pwbjt7nttzAAA', ScheduleId: '17c7d2bd9f20d652840f72f59e796AAA' } },
  respond_schedule: { ...memberNoAgent, body: { CalId: 'wcjgewCwAAqeJcPI1d8Pwbjt7nttzAAA', ScheduleId: '17c7d2bd9f20d652840f72f59e796AAA' } },
  book_meeting_room: { ...memberNoAgent, body: { MeetingRoomId: '1', MeetingId: 'mtebsada6e027c123cbafAAA' } },
  cancel_meeting_room: { ...memberNoAgent, body: { MeetingRoomId: '1', MeetingId: 'mtebsada6e027c123cbafAAA' } },
  meeting_change: { ...memberNoAgent, body: { MeetingId: 'hyXG0RCQAAogMgFb9Tx_b-1-lhJRWvvw' }, defaultChangeType: 'modify_meeting' },
  meeting_statistics: { ...memberNoAgent, body: { MeetingId: 'hyXG0RCQAAogMgFb9Tx_b-1-lhJRWvvw', Status: '1' } },
  doc_change: { ...sys, body: { DocId: ['DOCID_1'] }, defaultChangeType: 'doc_member_change' },
  smart_sheet_change: { ...sys, body: { DocId: ['DOCID_1'], SheetId: 'SHEET_1', FieldId: ['FIELD_1'], RecordId: ['RECORD_1'] }, defaultChangeType: 'update_field_or_record' },
  wedrive_file_change: { ...sys, body: { FileId: 'FILEID_1' }, defaultChangeType: 'create_file' },
  wedrive_space_change: { ...sys, body: { FileId: 'SPACEID_1' }, defaultChangeType: 'create_space' },
  wedrive_insufficient_capacity: { ...sys, body: {} },
  upload_media_job_finish: { ...sysWithAgent, body: { JobId: 'jobid_S0MrnndvRG5fadSlLwiBqiDDbM143UqTmKP3152FZk4' } },
  change_chain: {
    ...sys,
    changeTypes: {
      create_chain: chain,
      update_chain: chain,
      delete_chain: chain,
      create_group: chain,
      update_group: chain,
      delete_group: chain,
      corp_join: chain,
      update_corp: chain,
      remove_corp: chain,
    },
  },
  change_school_contact: {
    ...sys,
    changeTypes: {
      create_student: schoolContact,
      update_student: schoolContact,
      delete_student: schoolContact,
      create_parent: { Id: 'parent_1' },
      update_parent: { Id: 'parent_1' },
      delete_parent: { Id: 'parent_1' },
      subscribe: { Id: 'parent_1' },
      unsubscribe: { Id: 'parent_1' },
      create_department: { Id: '2' },
      update_department: { Id: '2' },
      delete_department: { Id: '2' },
    },
  },
  app_email_change: { ...sysWithAgent, body: { Amount: '1' }, defaultChangeType: 'receive' },
  security: { ...sys, body: {}, defaultChangeType: 'login' },
  switch_workbench_mode: { ...sys, body: { Mode: '1' } },
  submit_vip_account_approval: { ...member, body: { ApplyReason: '业务需要', BusinessType: '1', ApplyId: 'APPLY_1' } },
  finish_vip_account_approval: { ...member, body: { FinishType: '1', ApplyId: 'APPLY_1' } },
  program_notify: { ...sys, body: { NotifyId: 'NOTIFY_1', NotifyScene: '1' } },
  change_app_admin: { ...sysWithAgent, body: {} },
  change_external_contact: { ...sys, changeTypes: externalContact },
  change_external_chat: { ...sys, changeTypes: externalChat },
  change_external_tag: { ...sys, changeTypes: externalTag },
  customer_acquisition: { ...sys, changeTypes: customerAcquisition },
};

// ── §4.5 third-party / 代开发 instruction callbacks ──────────────────────────────────────────────

const notice = { ...suite, body: {} } as const;

export const INFO_TEMPLATES: { readonly [I in keyof WeComInfoTypeMap]: InfoTemplate<I> } = {
  suite_ticket: { receiver: 'SuiteId', authCorpId: false, body: { SuiteTicket: 'asdfasfdasdfasdf' } },
  create_auth: { receiver: 'SuiteId', authCorpId: false, body: { AuthCode: 'AUTHCODE', State: '123' } },
  change_auth: { ...suite, body: { State: 'abc' } },
  cancel_auth: { ...suite, body: {} },
  del_auth: { ...suite, body: {} },
  reset_permanent_code: { ...suite, body: { AuthCode: 'RESET_AUTHCODE' } },
  approve_special_auth: { ...suite, body: { AuthType: 'customer_contact' } },
  cancel_special_auth: { ...suite, body: { AuthType: 'customer_contact' } },
  change_contact: { ...suite, changeTypes: changeContact },
  change_external_contact: { ...suite, changeTypes: externalContact },
  change_external_chat: { ...suite, changeTypes: externalChat },
  change_external_tag: { ...suite, changeTypes: externalTag },
  customer_acquisition: { ...suite, changeTypes: customerAcquisition },
  batch_job_result: { ...suite, body: { BatchJob: { JobId: 'S0MrnndvRG5fadSlLwiBqiDDbM143UqTmKP3152FZk4', JobType: 'sync_user', ErrCode: '0', ErrMsg: 'ok' } } },
  share_agent_change: { receiver: 'SuiteId', authCorpId: false, body: { AppId: '1', CorpId: AUTH_CORP, AgentId: '1000002' } },
  register_corp: {
    ...provider,
    body: { RegisterCode: 'REGISTER_CODE', ContactSync: { AccessToken: 'ACCESS_TOKEN', ExpiresIn: '7200' }, AuthUserInfo: { UserId: USER }, State: 'state', TemplateId: 'tpl1' },
  },
  enter_register_package: { ...provider, body: { RegisterCode: 'REGISTER_CODE', AuthUserInfo: { UserId: USER }, State: 'state', TemplateId: 'tpl1' } },
  open_order: { receiver: 'SuiteId', authCorpId: false, body: order },
  change_order: { receiver: 'SuiteId', authCorpId: false, body: { ...order, OldOrderId: 'T00000000000000001', NewOrderId: 'T00000000000000002' } },
  pay_for_app_success: { receiver: 'SuiteId', authCorpId: false, body: order },
  refund: { receiver: 'SuiteId', authCorpId: false, body: order },
  change_editon: { receiver: 'SuiteId', authCorpId: false, body: order },
  license_pay_success: { ...provider, body: license },
  license_refund: { ...provider, body: { ...license, OrderStatus: '1' } },
  auto_activate: { ...provider, body: { Scene: '1', AccountList: license.AccountList } },
  // §4.5 only names these ("see S13 samples"): the common fields, plus whatever --field adds.
  corp_arch_auth: notice,
  agree_external_userid_migration: notice,
  device_data_auth_change: notice,
  chat_archive_audit_approved_single: notice,
  chat_archive_export_finished: notice,
  conversation_new_message: notice,
  hit_keyword: notice,
  advanced_api_expired: notice,
  advanced_api_trial_expired: notice,
  add_device: notice,
  del_device: notice,
  connect_info: notice,
  disconnect_info: notice,
  error_report: notice,
  fetch_log_finish: notice,
  remark_device_name: notice,
  device_feature_change: notice,
};

/** The sample authorising corp of instruction callbacks (the doc samples' CorpID, §4.5). */
export const SAMPLE_AUTH_CORP_ID = AUTH_CORP;
/** The member a message or member event comes from unless told otherwise. */
export const SAMPLE_MEMBER = USER;
