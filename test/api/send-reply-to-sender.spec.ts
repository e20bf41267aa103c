import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRuntime } from '../../src/api/api-runtime.js';
import { sendReplyToSender } from '../../src/flows/reply/send-reply-to-sender.js';
import { WeComBotReply, WeComReply } from '../../src/index.js';
import type { FakeWeComApi } from '../support/fake-wecom-api.js';
import { FAKE_CORP_ID, FAKE_SECRET, captureNestLogs, runtimeFor, startFakeApi } from '../support/api-fixtures.js';

describe('sendReplyToSender: a passive reply sent actively (for durable handlers)', () => {
  let fake: FakeWeComApi;
  let runtime: ApiRuntime;
  captureNestLogs(() => fake);
  const ctx = { app: 'default', kind: 'app' as const };
  const from = { FromUserName: 'zhangsan', MsgType: 'text', Content: 'hi', AgentID: '1000002' };
  const client = () => runtime.appClient({ name: 'default', corpId: FAKE_CORP_ID, agentId: '1000002', secret: FAKE_SECRET });

  beforeAll(async () => {
    fake = await startFakeApi();
    runtime = runtimeFor(fake);
  });
  afterAll(async () => {
    await runtime.close();
    await fake.stop();
  });

  it.each([
    [WeComReply.text('hello'), { msgtype: 'text', text: { content: 'hello' } }],
    [WeComReply.image('MEDIA1'), { msgtype: 'image', image: { media_id: 'MEDIA1' } }],
    [WeComReply.voice('MEDIA2'), { msgtype: 'voice', voice: { media_id: 'MEDIA2' } }],
    [WeComReply.video('MEDIA3', 't', 'd'), { msgtype: 'video', video: { media_id: 'MEDIA3', title: 't', description: 'd' } }],
    [WeComReply.news([{ Title: 'T', Url: 'https://example.com' }]), { msgtype: 'news', news: { articles: [{ title: 'T', url: 'https://example.com' }] } }],
  ])('sends %o to FromUserName with message/send and the agentid', async (reply, expected) => {
    await sendReplyToSender(client(), reply, { payload: from, ctx });
    expect(fake.callsTo('/cgi-bin/message/send').at(-1)!.body).toEqual({ touser: 'zhangsan', agentid: 1000002, ...expected });
  });

  it('answers a button click with update_template_card and the event ResponseCode', async () => {
    const payload = { FromUserName: 'zhangsan', MsgType: 'event', Event: 'template_card_event', ResponseCode: 'RC1' };
    await sendReplyToSender(client(), WeComReply.updateButton('Done'), { payload, ctx });
    expect(fake.callsTo('/cgi-bin/message/update_template_card').at(-1)!.body).toEqual({ userids: ['zhangsan'], response_code: 'RC1', button: { replace_name: 'Done' }, agentid: 1000002 });
  });

  it('refuses what has no active equivalent, with the reason', async () => {
    await expect(sendReplyToSender(client(), WeComReply.updateTemplateCard({ CardType: 'text_notice' }), { payload: from, ctx })).rejects.toThrow(/updateTemplateCard\(\.\.\.\) yourself/);
    await expect(sendReplyToSender(client(), WeComBotReply.text('x'), { payload: from, ctx })).rejects.toThrow(/response_url/);
    await expect(sendReplyToSender(client(), WeComReply.text('x'), { payload: { FromUserName: 'sys' }, ctx })).rejects.toThrow(/no member FromUserName/);
    await expect(sendReplyToSender(client(), WeComReply.text('x'), { payload: from, ctx: { app: 's', kind: 'suite' } })).rejects.toThrow(/no sender/);
  });
});
