import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
  BotTextMessage,
  ChangeContactCreateUser,
  ChangeContactEvent,
  KfMsgOrEventEvent,
  LocationEvent,
  SuiteTicketInfo,
  TextMessage,
  WeComBotCallback,
  WeComBotEventMap,
  WeComBotMessageMap,
  WeComCallbackPayload,
  WeComChangeTypeMap,
  WeComEventMap,
  WeComEventName,
  WeComEventPayload,
  WeComInfoChangeTypeMap,
  WeComInfoTypeMap,
  WeComMessageMap,
} from '../../src/types/index.js';
import { parseCallbackXml } from '../../src/xml/callback-xml.parser.js';
import { APP_SAMPLES, SUITE_SAMPLES, valueAtPath, type CallbackSample } from '../fixtures/callback-samples.js';

/**
 * Every fixture is checked twice against its declared type:
 * - at compile time (`npm test` runs tsc first): the expected payload is an object literal passed
 *   as the map's type for the fixture's routing keys, so an undeclared field anywhere in it, a
 *   string where the type says array, or a wrong MsgType/Event/ChangeType literal fails to compile;
 * - at run time: the parser's output must equal that literal exactly, so a field the fixture has but
 *   the literal (and thus the type) lacks fails the test.
 */

const ALL_SAMPLES = [...APP_SAMPLES, ...SUITE_SAMPLES];
const covered = new Set<string>();

function sample(name: string): CallbackSample {
  const found = ALL_SAMPLES.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no fixture named ${JSON.stringify(name)}`);
  return found;
}

function check(name: string, keys: Partial<CallbackSample>, expected: unknown): void {
  covered.add(name);
  it(name, () => {
    const fixture = sample(name);
    expect({ msgType: fixture.msgType, event: fixture.event, changeType: fixture.changeType, infoType: fixture.infoType }).toEqual({
      msgType: keys.msgType ?? '',
      event: keys.event,
      changeType: keys.changeType,
      infoType: keys.infoType,
    });
    expect(parseCallbackXml(fixture.xml)).toEqual(expected);
  });
}

function message<M extends keyof WeComMessageMap>(name: string, msgType: M, expected: WeComMessageMap[M]): void {
  check(name, { msgType }, expected);
}
function appEvent<E extends keyof WeComEventMap>(name: string, event: E, expected: WeComEventMap[E]): void {
  check(name, { msgType: 'event', event }, expected);
}
function appChange<E extends keyof WeComChangeTypeMap, C extends keyof WeComChangeTypeMap[E] & string>(
  name: string,
  event: E,
  changeType: C,
  expected: WeComChangeTypeMap[E][C],
): void {
  check(name, { msgType: 'event', event, changeType }, expected);
}
function suiteInfo<I extends keyof WeComInfoTypeMap>(name: string, infoType: I, expected: WeComInfoTypeMap[I]): void {
  check(name, { infoType }, expected);
}
function suiteChange<I extends keyof WeComInfoChangeTypeMap, C extends keyof WeComInfoChangeTypeMap[I] & string>(
  name: string,
  infoType: I,
  changeType: C,
  expected: WeComInfoChangeTypeMap[I][C],
): void {
  check(name, { infoType, changeType }, expected);
}

const CORP = 'wx5823bf96d3bd56c7';
const app = { ToUserName: CORP, FromUserName: 'zhangsan', CreateTime: '1348831860' } as const;
const sys = { ToUserName: CORP, FromUserName: 'sys', CreateTime: '1348831860', MsgType: 'event' } as const;
const suite = { SuiteId: CORP, TimeStamp: '1403610513' } as const;
const ext = { UserID: 'zhangsan', ExternalUserID: 'woAJ2GCAAAXtWyujaWJHDDGi0mAAAA' } as const;

describe('every APP_SAMPLES fixture parses to its declared type', () => {
  message('text (verbatim §4.1)', 'text', {
    ...app, FromUserName: 'fromUser', MsgType: 'text', Content: 'this is a test', MsgId: '1234567890123456', AgentID: '1',
  });
  message('text with a 64-bit MsgId, a zero-padded UserID and edge whitespace', 'text', {
    ...app, FromUserName: '00123', MsgType: 'text', Content: '  你好 <b>&amp; ]]> ', MsgId: '4561255354251345929', AgentID: '1000002',
  });
  message('image', 'image', {
    ...app, MsgType: 'image', PicUrl: 'https://wework.qpic.cn/wwpic/123/0', MediaId: 'MEDIA_ID_IMAGE', MsgId: '6972028683187026694', AgentID: '1',
  });
  message('voice', 'voice', { ...app, MsgType: 'voice', MediaId: 'MEDIA_ID_VOICE', Format: 'amr', MsgId: '1234567890123457', AgentID: '1' });
  message('video', 'video', {
    ...app, MsgType: 'video', MediaId: 'MEDIA_ID_VIDEO', ThumbMediaId: 'THUMB_MEDIA_ID', MsgId: '1234567890123458', AgentID: '1',
  });
  message('location', 'location', {
    ...app, MsgType: 'location', Location_X: '23.134521', Location_Y: '113.358803', Scale: '20', Label: '广州市天河区', MsgId: '1234567890123459', AgentID: '1', AppType: 'wxwork',
  });
  message('link', 'link', {
    ...app, MsgType: 'link', Title: '企业微信', Description: 'desc', Url: 'https://work.weixin.qq.com/?a=1&b=2', PicUrl: 'https://work.weixin.qq.com/logo.png', MsgId: '1234567890123460', AgentID: '1',
  });

  appEvent('subscribe', 'subscribe', { ...app, MsgType: 'event', Event: 'subscribe', EventKey: '', AgentID: '1' });
  appEvent('unsubscribe', 'unsubscribe', { ...app, MsgType: 'event', Event: 'unsubscribe', EventKey: '', AgentID: '1' });
  appEvent('enter_agent', 'enter_agent', { ...app, MsgType: 'event', Event: 'enter_agent', EventKey: '', AgentID: '1' });
  appEvent('LOCATION (uppercase event name)', 'LOCATION', {
    ...app, MsgType: 'event', Event: 'LOCATION', Latitude: '23.104', Longitude: '113.320', Precision: '65.000', AgentID: '1', AppType: 'wxwork',
  });
  appEvent('click', 'click', { ...app, MsgType: 'event', Event: 'click', EventKey: 'MENU_KEY_1', AgentID: '1' });
  appEvent('view', 'view', { ...app, MsgType: 'event', Event: 'view', EventKey: 'https://work.weixin.qq.com/', AgentID: '1' });
  appEvent('view_miniprogram', 'view_miniprogram', { ...app, MsgType: 'event', Event: 'view_miniprogram', EventKey: 'pages/index/index', AgentID: '1' });
  appEvent('scancode_push (verbatim §4.2)', 'scancode_push', {
    ToUserName: CORP, FromUserName: 'FromUser', CreateTime: '1408090502', MsgType: 'event', Event: 'scancode_push', EventKey: '6',
    ScanCodeInfo: { ScanType: 'qrcode', ScanResult: '1' }, AgentID: '1',
  });
  appEvent('scancode_waitmsg', 'scancode_waitmsg', {
    ...app, MsgType: 'event', Event: 'scancode_waitmsg', EventKey: 'SCAN_2', ScanCodeInfo: { ScanType: 'qrcode', ScanResult: 'https://example.com/x?y=1' }, AgentID: '1',
  });
  appEvent('pic_weixin (verbatim §4.2: the real form, one PicList per picture)', 'pic_weixin', {
    ToUserName: CORP, FromUserName: 'xiaohe', CreateTime: '1502012364', MsgType: 'event', AgentID: '1000004', Event: 'pic_weixin', EventKey: 'faceSimilarity',
    SendPicsInfo: { PicList: { item: [{ PicMd5Sum: 'aef52ae501537e552725c5d7f99c1741' }, { PicMd5Sum: 'c4564632a4fab91378c39bea6aad6f9e' }] }, Count: '2' },
  });
  appEvent('pic_sysphoto (the documented form, one PicList with two items)', 'pic_sysphoto', {
    ...app, MsgType: 'event', Event: 'pic_sysphoto', EventKey: 'PHOTO', AgentID: '1',
    SendPicsInfo: { Count: '2', PicList: { item: [{ PicMd5Sum: '1b5f7c23b5bf75682a53e7b6d163e185' }, { PicMd5Sum: '2c5f7c23b5bf75682a53e7b6d163e185' }] } },
  });
  appEvent('pic_photo_or_album (one picture)', 'pic_photo_or_album', {
    ...app, MsgType: 'event', Event: 'pic_photo_or_album', EventKey: 'ALBUM', AgentID: '1',
    SendPicsInfo: { Count: '1', PicList: { item: [{ PicMd5Sum: '5a75aaca956d97be686719218f275c6b' }] } },
  });
  appEvent('location_select', 'location_select', {
    ...app, MsgType: 'event', Event: 'location_select', EventKey: 'LOC', AgentID: '1', AppType: 'wxwork',
    SendLocationInfo: { Location_X: '23', Location_Y: '113', Scale: '15', Label: ' 广州市海珠区客村艺苑路 106号', Poiname: '' },
  });
  appEvent('batch_job_result', 'batch_job_result', {
    ...sys, Event: 'batch_job_result',
    BatchJob: { JobId: 'S0MrnndvRG5fadSlLwiBqiDDbM143UqTmKP3152FZk4', JobType: 'sync_user', ErrCode: '0', ErrMsg: 'ok' },
  });

  appChange('change_contact create_user (verbatim §4.3, ExtAttr with 2 items)', 'change_contact', 'create_user', {
    ...sys, CreateTime: '1403610513', Event: 'change_contact', ChangeType: 'create_user', UserID: 'zhangsan', Name: '张三', Department: '1,2,3',
    MainDepartment: '1', IsLeaderInDept: '1,0,0', DirectLeader: 'lisi,wangwu', Position: '产品经理', Mobile: '13800000000', Gender: '1',
    Email: 'zhangsan@gzdev.com', BizMail: 'zhangsan@qyycs2.wecom.work', Status: '1',
    Avatar: 'http://wx.qlogo.cn/mmopen/ajNVdqHZLLA3WJ6DSZUfiakYe37PKnQhBIeOQBO4czqrnZDS79FH5Wm5m4X69TBicnHFlhiafvDwklOpZeXYQQ2icg/0',
    Alias: 'zhangsan', Telephone: '020-123456', Address: '广州市',
    ExtAttr: {
      Item: [
        { Name: '爱好', Type: '0', Text: { Value: '旅游' } },
        { Name: '卡号', Type: '1', Web: { Title: '企业微信', Url: 'https://work.weixin.qq.com' } },
      ],
    },
  });
  appChange('change_contact update_user (ExtAttr with 1 item)', 'change_contact', 'update_user', {
    ...sys, Event: 'change_contact', ChangeType: 'update_user', UserID: 'zhangsan', NewUserID: 'zhangsan001', Name: '张三', Department: '1,2',
    MainDepartment: '2', Status: '1', ExtAttr: { Item: [{ Name: '爱好', Type: '0', Text: { Value: '游泳' } }] },
  });
  appChange('change_contact delete_user', 'change_contact', 'delete_user', { ...sys, Event: 'change_contact', ChangeType: 'delete_user', UserID: 'zhangsan' });
  appChange('change_contact create_party', 'change_contact', 'create_party', {
    ...sys, Event: 'change_contact', ChangeType: 'create_party', Id: '2', Name: '张三', ParentId: '1', Order: '1',
  });
  appChange('change_contact update_party', 'change_contact', 'update_party', {
    ...sys, Event: 'change_contact', ChangeType: 'update_party', Id: '2', Name: '李四', ParentId: '1',
  });
  appChange('change_contact delete_party', 'change_contact', 'delete_party', { ...sys, Event: 'change_contact', ChangeType: 'delete_party', Id: '2' });
  appChange('change_contact update_tag (verbatim §4.3)', 'change_contact', 'update_tag', {
    ...sys, CreateTime: '1403610513', Event: 'change_contact', ChangeType: 'update_tag', TagId: '1', AddUserItems: 'zhangsan,lisi',
    DelUserItems: 'zhangsan1,lisi1', AddPartyItems: '1,2', DelPartyItems: '3,4',
  });

  appChange('change_external_contact add_external_contact (verbatim §4.4)', 'change_external_contact', 'add_external_contact', {
    ...sys, CreateTime: '1403610513', Event: 'change_external_contact', ChangeType: 'add_external_contact', ...ext, State: 'teststate', WelcomeCode: 'WELCOMECODE',
  });
  appChange('change_external_contact edit_external_contact', 'change_external_contact', 'edit_external_contact', {
    ...sys, Event: 'change_external_contact', ChangeType: 'edit_external_contact', ...ext,
  });
  appChange('change_external_contact del_external_contact', 'change_external_contact', 'del_external_contact', {
    ...sys, Event: 'change_external_contact', ChangeType: 'del_external_contact', ...ext, Source: 'DELETE_BY_TRANSFER',
  });
  appChange('change_external_contact transfer_fail', 'change_external_contact', 'transfer_fail', {
    ...sys, Event: 'change_external_contact', ChangeType: 'transfer_fail', FailReason: 'customer_refused', ...ext,
  });
  appChange('change_external_chat update (MemChangeList with ONE item)', 'change_external_chat', 'update', {
    ...sys, Event: 'change_external_chat', ChangeType: 'update', ChatId: 'wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA', UpdateDetail: 'add_member', JoinScene: '1',
    MemChangeCnt: '1', MemChangeList: { Item: ['Jack'] }, LastMemVer: '9c3f97c2ada667dfb5f6d03308d963e1', CurMemVer: '71217227bbd112ecfe3a49c482195cb4',
  });
  appChange('change_external_tag create', 'change_external_tag', 'create', {
    ...sys, Event: 'change_external_tag', ChangeType: 'create', Id: 'etm7wjCgAA7bK2Qw-8R5C2Rsl-4jSkCQ', TagType: 'tag', StrategyId: '1',
  });
  appChange('customer_acquisition customer_start_chat', 'customer_acquisition', 'customer_start_chat', {
    ...sys, Event: 'customer_acquisition', ChangeType: 'customer_start_chat', LinkId: 'cawcde5qwe', ...ext, State: 'c1',
  });

  appEvent('template_card_event (verbatim §4.2, one SelectedItem with two OptionIds)', 'template_card_event', {
    ToUserName: CORP, FromUserName: 'FromUser', CreateTime: '123456789', MsgType: 'event', Event: 'template_card_event', EventKey: 'key111',
    TaskId: 'taskid111', CardType: 'text_notice', ResponseCode: 'ResponseCode', AgentID: '1',
    SelectedItems: { SelectedItem: [{ QuestionKey: 'QuestionKey1', OptionIds: { OptionId: ['OptionId1', 'OptionId2'] } }] },
  });
  appEvent('template_card_event (doc typo OpitonIds, one OptionId)', 'template_card_event', {
    ...app, MsgType: 'event', Event: 'template_card_event', EventKey: 'vote', TaskId: 'task2', CardType: 'vote_interaction', ResponseCode: 'RC2', AgentID: '1',
    SelectedItems: { SelectedItem: [{ QuestionKey: 'q1', OpitonIds: { OptionId: ['o1'] } }] },
  });
  appEvent('template_card_menu_event', 'template_card_menu_event', {
    ...app, MsgType: 'event', Event: 'template_card_menu_event', EventKey: 'menu1', TaskId: 'task3', CardType: 'text_notice', ResponseCode: 'RC3', AgentID: '1',
  });
  appEvent('taskcard_click', 'taskcard_click', { ...app, MsgType: 'event', Event: 'taskcard_click', EventKey: 'key111', TaskId: 'taskid111', AgentID: '1' });
  appEvent('open_approval_change (1 ApprovalNode, 1 Item, 1 NotifyNode)', 'open_approval_change', {
    ...sys, Event: 'open_approval_change', AgentID: '1',
    ApprovalInfo: {
      ThirdNo: '201806010001', OpenSpName: '付款', OpenTemplateId: '1234567890', OpenSpStatus: '1', ApplyTime: '1527837645', ApplyUserName: 'jackiejjwu',
      ApplyUserId: '1', ApplyUserParty: '产品部', ApplyUserImage: 'http://www.qq.com/xxx.png',
      ApprovalNodes: {
        ApprovalNode: [
          {
            NodeStatus: '1', NodeAttr: '1', NodeType: '1',
            Items: { Item: [{ ItemName: 'chauvetxiao', ItemUserId: '2', ItemParty: '产品部', ItemImage: 'http://www.qq.com/xxx.png', ItemStatus: '1', ItemSpeech: '', ItemOpTime: '0' }] },
          },
        ],
      },
      NotifyNodes: { NotifyNode: [{ ItemName: 'jinhuiguo', ItemUserid: '3', ItemParty: '产品部', ItemImage: 'http://www.qq.com/xxx.png' }] },
      approverstep: '0',
    },
  });
  appEvent('sys_approval_change (every repeated element once)', 'sys_approval_change', {
    ...sys, Event: 'sys_approval_change', AgentID: '3010040',
    ApprovalInfo: {
      SpNo: '201909270001', SpName: '请假', SpStatus: '1', TemplateId: '3TkaH5KFbrG9heEQ94eT3TwmoJe8LzYQ1j2N', ApplyTime: '1569584428',
      Applyer: { UserId: 'WangXiaoMing', Party: '1' },
      SpRecord: [{ SpStatus: '1', ApproverAttr: '1', Details: [{ Approver: { UserId: 'LiuXiaoGang' }, Speech: '', SpStatus: '1', SpTime: '0' }] }],
      Notifyer: [{ UserId: 'ChenGang' }],
      Comments: [
        {
          CommentUserInfo: { UserId: 'LiuXiaoGang' }, CommentTime: '1569584111', CommentContent: '这是备注信息', CommentId: '6741314136717778040',
          Attach: [
            'WWCISP_Xa1dXIyC9VC2vGTXyBjUXh4GQ31G-a7jilEjFjkYBfncSJv0kM1cZAIXULWbbtosVqA7hprZIUkl4GP0DYZKDrIay9vCzeQelmmHiczwfn80v51EtuNouzBhUBTWo9oQIIzsSftjaVmd4EC_dj5-rayfDl6yIIRdoUs1V_Gz6Pi3yH37ELOgLNAPYUSJpA6V190Xunl7b6yj8fTLqOPy6pkaNNIH6zMiEzQnKDQ4THEIxRG3FOgcS9PjQg1GAowVGAxfnH0B3ozUJ7eGzKEB3NSaLvY9otTdAT4bpQ2c7KkABl43bbtMRs_c2EuGvtJdCg',
          ],
        },
      ],
      StatuChangeEvent: '1',
      ProcessList: {
        NodeList: [
          { NodeType: '1', SpStatus: '1', ApvRel: '1', SubNodeList: [{ UserInfo: { UserId: 'LiuXiaoGang' }, Speech: '', SpYj: '1', Sptime: '0', MediaIds: ['MEDIA_1'] }] },
        ],
      },
    },
  });
  appEvent('kf_msg_or_event (verbatim §4.2: no FromUserName, no AgentID)', 'kf_msg_or_event', {
    ToUserName: CORP, CreateTime: '1348831860', MsgType: 'event', Event: 'kf_msg_or_event', Token: 'ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR', OpenKfId: 'wkxxxxxxx',
  });
  appEvent('kf_account_auth_change (one added, two removed)', 'kf_account_auth_change', {
    ...sys, Event: 'kf_account_auth_change', AuthAddOpenKfId: ['wkAJ2GCAAAZSfhHCt7IFSvLKtMPxyJTw'],
    AuthDelOpenKfId: ['wkAJ2GCAAAZSfhHCt7IFSvLKtMPxyJTx', 'wkAJ2GCAAAZSfhHCt7IFSvLKtMPxyJTy'],
  });
  appEvent('living_status_change', 'living_status_change', { ...sys, Event: 'living_status_change', LivingId: 'lvOQpTDwAAh8_LvfJzoXfq5B0sp9qmIA', Status: '1', AgentID: '1' });
  appEvent('msgaudit_notify', 'msgaudit_notify', { ...sys, Event: 'msgaudit_notify', AgentID: '2000003' });
  appEvent('doc_change (one DocId)', 'doc_change', { ...sys, Event: 'doc_change', ChangeType: 'doc_member_change', DocId: ['DOCID_1'] });
  appChange('change_chain create_group (one GroupId, two CorpIds)', 'change_chain', 'create_group', {
    ...sys, Event: 'change_chain', ChangeType: 'create_group', ChainId: 'Chxxxxxx', GroupIds: { GroupId: ['2'] }, CorpIds: { CorpId: ['wwcorp1', 'wwcorp2'] },
  });
});

describe('every SUITE_SAMPLES fixture parses to its declared type', () => {
  suiteInfo('suite_ticket (verbatim §4.5, with the stray space before CDATA)', 'suite_ticket', { ...suite, InfoType: 'suite_ticket', SuiteTicket: 'asdfasfdasdfasdf' });
  suiteInfo('create_auth (verbatim §4.5)', 'create_auth', { ...suite, AuthCode: 'AUTHCODE', InfoType: 'create_auth', State: '123' });
  suiteInfo('change_auth', 'change_auth', { ...suite, InfoType: 'change_auth', AuthCorpId: 'wxf8b4f85f3a794e77', State: 'abc' });
  suiteInfo('cancel_auth (verbatim §4.5)', 'cancel_auth', { ...suite, InfoType: 'cancel_auth', AuthCorpId: 'wxf8b4f85fxx794xxx' });
  suiteInfo('reset_permanent_code', 'reset_permanent_code', { ...suite, InfoType: 'reset_permanent_code', AuthCode: 'RESET_AUTHCODE' });
  suiteChange('change_contact create_party (suite form)', 'change_contact', 'create_party', {
    ...suite, InfoType: 'change_contact', AuthCorpId: 'wxf8b4f85f3a794e77', ChangeType: 'create_party', Id: '2', Name: '张三', ParentId: '1', Order: '1',
  });
  suiteChange('change_external_contact add_external_contact (suite form)', 'change_external_contact', 'add_external_contact', {
    ...suite, InfoType: 'change_external_contact', AuthCorpId: 'wxf8b4f85f3a794e77', ChangeType: 'add_external_contact', ...ext, State: 'teststate', WelcomeCode: 'WELCOMECODE',
  });
  suiteChange('change_external_chat update (verbatim §4.4 suite form, two members)', 'change_external_chat', 'update', {
    ...suite, AuthCorpId: 'wxf8b4f85f3a794e77', InfoType: 'change_external_chat', ChatId: 'CHAT_ID', ChangeType: 'update', UpdateDetail: 'add_member',
    JoinScene: '1', QuitScene: '0', MemChangeCnt: '10', MemChangeList: { Item: ['Jack', 'Rose'] }, LastMemVer: '9c3f97c2ada667dfb5f6d03308d963e1',
    CurMemVer: '71217227bbd112ecfe3a49c482195cb4',
  });
  suiteInfo('auto_activate (ServiceCorpId form, one AccountList)', 'auto_activate', {
    ServiceCorpId: CORP, InfoType: 'auto_activate', TimeStamp: '1403610513', AuthCorpId: 'wxf8b4f85f3a794e77', Scene: '1',
    AccountList: [{ ActiveCode: 'code1', Type: '1', ExpireTime: '1666666666', UserId: 'user1', PreviousStatus: '1' }],
  });
});

describe('the fixtures themselves', () => {
  it('every fixture has a typed check above', () => {
    expect(ALL_SAMPLES.map((s) => s.name).filter((name) => !covered.has(name))).toEqual([]);
  });

  it('names are unique', () => {
    expect(new Set(ALL_SAMPLES.map((s) => s.name)).size).toBe(ALL_SAMPLES.length);
  });

  it('APP_SAMPLES cover at least 30 different message/event/change types', () => {
    const kinds = new Set(APP_SAMPLES.map((s) => [s.msgType, s.event, s.changeType].filter(Boolean).join('/')));
    expect(kinds.size).toBeGreaterThanOrEqual(30);
  });

  it('every `expect` entry holds for the parsed fixture', () => {
    for (const fixture of ALL_SAMPLES) {
      const payload = parseCallbackXml(fixture.xml);
      for (const [path, value] of Object.entries(fixture.expect)) {
        expect({ fixture: fixture.name, path, value: valueAtPath(payload, path) }).toEqual({ fixture: fixture.name, path, value });
      }
    }
  });

  it('valueAtPath reads through arrays and stops at missing segments', () => {
    const payload = { A: [{ B: 'x' }], C: 'y' };
    expect(valueAtPath(payload, 'A.0.B')).toBe('x');
    expect(valueAtPath(payload, 'A.1.B')).toBeUndefined();
    expect(valueAtPath(payload, 'C.D')).toBeUndefined();
  });
});

describe('type maps (compile-time; checked by tsc)', () => {
  it('each map entry carries its own key as discriminant', () => {
    type MessageKeysMatch = { [M in keyof WeComMessageMap]: WeComMessageMap[M] extends { MsgType: M } ? true : false }[keyof WeComMessageMap];
    type EventKeysMatch = { [E in keyof WeComEventMap]: WeComEventMap[E] extends { MsgType: 'event'; Event: E } ? true : false }[keyof WeComEventMap];
    type ChangeKeysMatch = {
      [E in keyof WeComChangeTypeMap]: {
        [C in keyof WeComChangeTypeMap[E]]: WeComChangeTypeMap[E][C] extends { Event: E; ChangeType: C } ? true : false;
      }[keyof WeComChangeTypeMap[E]];
    }[keyof WeComChangeTypeMap];
    type InfoKeysMatch = { [I in keyof WeComInfoTypeMap]: WeComInfoTypeMap[I] extends { InfoType: I } ? true : false }[keyof WeComInfoTypeMap];
    type InfoChangeKeysMatch = {
      [I in keyof WeComInfoChangeTypeMap]: {
        [C in keyof WeComInfoChangeTypeMap[I]]: WeComInfoChangeTypeMap[I][C] extends { InfoType: I; ChangeType: C } ? true : false;
      }[keyof WeComInfoChangeTypeMap[I]];
    }[keyof WeComInfoChangeTypeMap];
    type BotKeysMatch =
      | { [M in keyof WeComBotMessageMap]: WeComBotMessageMap[M] extends { msgtype: M } ? true : false }[keyof WeComBotMessageMap]
      | { [E in keyof WeComBotEventMap]: WeComBotEventMap[E] extends { event: { eventtype: E } } ? true : false }[keyof WeComBotEventMap];
    expectTypeOf<MessageKeysMatch>().toEqualTypeOf<true>();
    expectTypeOf<EventKeysMatch>().toEqualTypeOf<true>();
    expectTypeOf<ChangeKeysMatch>().toEqualTypeOf<true>();
    expectTypeOf<InfoKeysMatch>().toEqualTypeOf<true>();
    expectTypeOf<InfoChangeKeysMatch>().toEqualTypeOf<true>();
    expectTypeOf<BotKeysMatch>().toEqualTypeOf<true>();
  });

  it('every ChangeType family is an event (and a suite InfoType where it has a suite form)', () => {
    expectTypeOf<keyof WeComChangeTypeMap>().toExtend<keyof WeComEventMap>();
    expectTypeOf<keyof WeComInfoChangeTypeMap>().toExtend<keyof WeComInfoTypeMap>();
    expectTypeOf<WeComEventMap['change_contact']>().toEqualTypeOf<ChangeContactEvent>();
    expectTypeOf<WeComEventMap['change_contact']>().toEqualTypeOf<WeComChangeTypeMap['change_contact'][keyof WeComChangeTypeMap['change_contact']]>();
  });

  it('literal discriminants, string leaves and arrays for repeated elements', () => {
    expectTypeOf<TextMessage['MsgType']>().toEqualTypeOf<'text'>();
    expectTypeOf<TextMessage['MsgId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ChangeContactCreateUser['ChangeType']>().toEqualTypeOf<'create_user'>();
    expectTypeOf<NonNullable<ChangeContactCreateUser['ExtAttr']>['Item']>().toEqualTypeOf<
      Array<{ Name?: string; Type?: string; Text?: { Value?: string }; Web?: { Title?: string; Url?: string } }> | undefined
    >();
    expectTypeOf<WeComChangeTypeMap['change_external_chat']['update']['MemChangeList']>().toEqualTypeOf<{ Item?: string[] } | undefined>();
    expectTypeOf<SuiteTicketInfo['InfoType']>().toEqualTypeOf<'suite_ticket'>();
    expectTypeOf<KfMsgOrEventEvent['FromUserName']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<LocationEvent['Event']>().toEqualTypeOf<'LOCATION'>();
  });

  it('event names in either case resolve to the same payload (the router ignores case)', () => {
    expectTypeOf<WeComEventPayload<'LOCATION'>>().toEqualTypeOf<LocationEvent>();
    expectTypeOf<WeComEventPayload<'location'>>().toEqualTypeOf<LocationEvent>();
    expectTypeOf<WeComEventPayload<'click'>>().toEqualTypeOf<WeComEventMap['click']>();
    expectTypeOf<'location'>().toExtend<WeComEventName>();
    expectTypeOf<'Location'>().not.toExtend<WeComEventName>();
  });

  it('WeComCallbackPayload narrows by its discriminants', () => {
    const route = (payload: WeComCallbackPayload): string => {
      if ('InfoType' in payload) return payload.InfoType;
      if (payload.MsgType === 'text') return payload.Content ?? '';
      if (payload.MsgType === 'event' && payload.Event === 'change_contact' && payload.ChangeType === 'create_user') {
        return payload.ExtAttr?.Item?.[0]?.Name ?? '';
      }
      return payload.MsgType;
    };
    expect(route(parseCallbackXml(sample('change_contact create_user (verbatim §4.3, ExtAttr with 2 items)').xml) as unknown as WeComCallbackPayload)).toBe('爱好');
    expect(route(parseCallbackXml(sample('suite_ticket (verbatim §4.5, with the stray space before CDATA)').xml) as unknown as WeComCallbackPayload)).toBe('suite_ticket');
  });
});

describe('AI bot JSON types (§5.1)', () => {
  it('the doc 100719 text message example fits BotTextMessage', () => {
    const json =
      '{"msgid":"CAIQ16HMjQYY\\/NGagIOAgAMgq4KM0AI=","aibotid":"AIBOTID","chatid":"CHATID","chattype":"group","from":{"userid":"USERID"},"response_url":"RESPONSEURL","msgtype":"text","text":{"content":"@RobotA hello robot"}}';
    const expected: BotTextMessage = {
      msgid: 'CAIQ16HMjQYY/NGagIOAgAMgq4KM0AI=',
      aibotid: 'AIBOTID',
      chatid: 'CHATID',
      chattype: 'group',
      from: { userid: 'USERID' },
      response_url: 'RESPONSEURL',
      msgtype: 'text',
      text: { content: '@RobotA hello robot' },
    };
    expect(JSON.parse(json)).toEqual(expected);
  });

  it('events carry their details under a key named after eventtype', () => {
    const event: WeComBotCallback = {
      msgid: 'm1', create_time: 1700000000, aibotid: 'AIBOTID', chattype: 'single', from: { userid: 'USERID' }, msgtype: 'event',
      event: { eventtype: 'template_card_event', template_card_event: { event_key: 'k', task_id: 't' } },
    };
    expectTypeOf<WeComBotEventMap['template_card_event']['event']['eventtype']>().toEqualTypeOf<'template_card_event'>();
    expect(event.msgtype).toBe('event');
  });
});
