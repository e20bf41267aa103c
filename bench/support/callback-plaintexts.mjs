import { BENCH_APP } from './bench-settings.mjs';

/**
 * The decrypted callbacks the pool encrypts. Each call with a new `n` is a distinct message: its own
 * MsgId (text), its own UserID and CreateTime (events, which carry no MsgId), so a deduplicating
 * server never sees a retry and does the full work for every request.
 */
const BASE_TIME = 1_700_000_000;

/** A user's text message in an app (PROTOCOL.md §4.1); the handler echoes it back. */
export function textMessage(n) {
  return (
    `<xml><ToUserName><![CDATA[${BENCH_APP.corpId}]]></ToUserName><FromUserName><![CDATA[user${n % 1000}]]></FromUserName>` +
    `<CreateTime>${BASE_TIME + n}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hello from the bench #${n}]]></Content>` +
    `<MsgId>${4561255354251345929n + BigInt(n)}</MsgId><AgentID>${BENCH_APP.agentId}</AgentID></xml>`
  );
}

/** change_contact/update_user with a large payload: ExtAttr with 5 items (PROTOCOL.md §4.3). */
export function updateUserEvent(n) {
  const items = [
    ['爱好', 0, `<Text><Value><![CDATA[旅游 ${n}]]></Value></Text>`],
    ['卡号', 1, '<Web><Title><![CDATA[企业微信]]></Title><Url><![CDATA[https://work.weixin.qq.com]]></Url></Web>'],
    ['工号', 0, `<Text><Value><![CDATA[E${100000 + (n % 900000)}]]></Value></Text>`],
    ['办公地点', 0, '<Text><Value><![CDATA[广州市海珠区新港中路397号 TIT创意园]]></Value></Text>'],
    ['个人主页', 1, `<Web><Title><![CDATA[主页]]></Title><Url><![CDATA[https://example.com/u/${n}?from=wecom&amp;tab=profile]]></Url></Web>`],
  ]
    .map(([name, type, value]) => `<Item><Name><![CDATA[${name}]]></Name><Type>${type}</Type>${value}</Item>`)
    .join('');
  return (
    `<xml><ToUserName><![CDATA[${BENCH_APP.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>` +
    `<CreateTime>${BASE_TIME + n}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event>` +
    `<ChangeType>update_user</ChangeType><UserID><![CDATA[user${n}]]></UserID><NewUserID><![CDATA[user${n}-renamed]]></NewUserID>` +
    '<Name><![CDATA[张三]]></Name><Department><![CDATA[1,2,3]]></Department><MainDepartment>1</MainDepartment>' +
    '<IsLeaderInDept><![CDATA[1,0,0]]></IsLeaderInDept><DirectLeader><![CDATA[lisi,wangwu]]></DirectLeader>' +
    '<Position><![CDATA[产品经理]]></Position><Mobile>13800000000</Mobile><Gender>1</Gender>' +
    '<Email><![CDATA[zhangsan@gzdev.com]]></Email><BizMail><![CDATA[zhangsan@qyycs2.wecom.work]]></BizMail><Status>1</Status>' +
    '<Avatar><![CDATA[http://wx.qlogo.cn/mmopen/ajNVdqHZLLA3WJ6DSZUfiakYe37PKnQhBIeOQBO4czqrnZDS79FH5Wm5m4X69TBicnHFlhiafvDwklOpZeXYQQ2icg/0]]></Avatar>' +
    '<Alias><![CDATA[zhangsan]]></Alias><Telephone><![CDATA[020-123456]]></Telephone><Address><![CDATA[广州市]]></Address>' +
    `<ExtAttr>${items}</ExtAttr></xml>`
  );
}

export const PLAINTEXTS = { text: textMessage, event: updateUserEvent };
