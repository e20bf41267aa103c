import { describe, expect, it } from 'vitest';
import { parseCallbackXml } from '../../src/index.js';
import { camelCase } from '../../src/testing/callback-builders.js';
import { event, info, listTemplates, message, WeComCallbackDraft, WeComTestClient } from '../../src/testing/index.js';
import { OFFICIAL } from '../support/official-keys.js';

const client = WeComTestClient.forUrl('http://127.0.0.1:1/wecom/callback', { ...OFFICIAL, agentId: 1000005 });
const builders = { message, event, info } as unknown as Record<string, Record<string, unknown>>;

/** The builder a template is reached by: message.text, event.changeContact.createParty, info.suiteTicket. */
function builderOf(kind: string, type: string, changeType: string | undefined, isFamily: boolean): (fields?: object) => WeComCallbackDraft {
  const family = builders[kind][camelCase(type)];
  return (isFamily ? (family as Record<string, unknown>)[camelCase(changeType!)] : family) as (fields?: object) => WeComCallbackDraft;
}

describe('callback templates (PROTOCOL.md §4)', () => {
  const all = listTemplates();

  it('cover every family of §4: 6 messages, the §4.2-§4.4 events, the §4.5 instruction callbacks', () => {
    const count = (kind: string) => all.filter((template) => template.kind === kind).length;
    expect(count('message')).toBe(6);
    expect(count('event')).toBeGreaterThanOrEqual(100);
    expect(count('info')).toBeGreaterThanOrEqual(60);
  });

  it.each(all.map((t) => [`${t.kind} ${t.type} ${t.changeType ?? ''}`.trim(), t] as const))(
    '%s: has a builder, and renders to a plaintext the parser reads back with the right routing keys',
    (_name, template) => {
      const draft = builderOf(template.kind, template.type, template.changeType, isClosedFamily(template))();
      expect(draft).toBeInstanceOf(WeComCallbackDraft);
      expect(draft.template).toMatchObject({ kind: template.kind, type: template.type, changeType: template.changeType });

      const payload = parseCallbackXml(client.render(draft));
      if (template.kind === 'info') {
        expect(payload.InfoType).toBe(template.type);
        expect(payload.SuiteId ?? payload.ServiceCorpId).toBe(OFFICIAL.corpId);
        expect(payload.TimeStamp).toMatch(/^\d{10}$/);
      } else {
        expect(payload.ToUserName).toBe(OFFICIAL.corpId);
        expect(payload.CreateTime).toMatch(/^\d{10}$/);
        expect(payload.MsgType).toBe(template.kind === 'message' ? template.type : 'event');
        if (template.kind === 'event') expect(payload.Event).toBe(template.type);
        if (template.kind === 'message') {
          expect(payload.FromUserName).toBe('zhangsan');
          expect(payload.AgentID).toBe('1000005');
        }
      }
      expect(payload.ChangeType).toBe(template.changeType);
    },
  );

  it('messages get a fresh 64-bit MsgId above 2^53, fixed in the draft so a resend is a replay', () => {
    const first = message.text('a');
    const second = message.text('a');
    const id = BigInt(first.stamp.msgId!);
    expect(id > 2n ** 53n && id < 2n ** 63n).toBe(true);
    expect(second.stamp.msgId).not.toBe(first.stamp.msgId);
    expect(client.render(first)).toBe(client.render(first));
    expect(client.render(first)).toContain(`<MsgId>${first.stamp.msgId}</MsgId>`); // bare, as WeCom writes it
  });

  it('system events come from sys without AgentID; member events from the member with it', () => {
    const party = parseCallbackXml(client.render(event.changeContact.createParty({ Id: '7' })));
    expect(party).toMatchObject({ FromUserName: 'sys', Id: '7', Name: '研发部', ParentId: '1' });
    expect(party).not.toHaveProperty('AgentID');
    expect(parseCallbackXml(client.render(event.click()))).toMatchObject({ FromUserName: 'zhangsan', AgentID: '1000005', EventKey: 'menu_1' });
    expect(parseCallbackXml(client.render(event.kfMsgOrEvent()))).not.toHaveProperty('FromUserName');
  });

  it('fields override the template: nested objects merge, undefined removes, new fields are added', () => {
    const payload = parseCallbackXml(
      client.render(event.scancodePush({ ScanCodeInfo: { ScanResult: 'https://x.test/' }, AgentID: undefined, EventKey: 'k' })),
    );
    expect(payload.ScanCodeInfo).toEqual({ ScanType: 'qrcode', ScanResult: 'https://x.test/' });
    expect(payload).not.toHaveProperty('AgentID');
    expect(payload.EventKey).toBe('k');
  });

  it('instruction callbacks are addressed to the receiveid (SuiteId) with the sample AuthCorpId', () => {
    const payload = parseCallbackXml(client.render(info.changeContact.createUser({ UserID: 'lisi' })));
    expect(payload).toMatchObject({ SuiteId: OFFICIAL.corpId, InfoType: 'change_contact', ChangeType: 'create_user', AuthCorpId: 'wxf8b4f85f3a794e77', UserID: 'lisi' });
    expect(parseCallbackXml(client.render(info.autoActivate()))).toHaveProperty('ServiceCorpId', OFFICIAL.corpId);
  });

  it('open ChangeType families take a default ChangeType', () => {
    expect(parseCallbackXml(client.render(event.meetingChange())).ChangeType).toBe('modify_meeting');
  });
});

/** Families whose ChangeTypes each have their own builder (the others are open-ended: one builder, default ChangeType). */
function isClosedFamily(template: { kind: string; type: string }): boolean {
  return typeof builders[template.kind][camelCase(template.type)] === 'object';
}
