import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dedupKey } from '../../../src/delivery/dedup/dedup-key.js';
import type { InboundCallback } from '../../../src/families/inbound-callback.js';
import { parseCallbackXml } from '../../../src/xml/callback-xml.parser.js';

const inbound = (plaintext: string, app = 'hr'): InboundCallback =>
  ({
    app: { name: app },
    payload: plaintext.startsWith('{') ? JSON.parse(plaintext) : parseCallbackXml(plaintext),
    ctx: { app, rawXml: plaintext },
  }) as unknown as InboundCallback;

const sysEvent = (userId: string) =>
  `<xml><ToUserName><![CDATA[ww1]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType><![CDATA[update_user]]></ChangeType><UserID><![CDATA[${userId}]]></UserID></xml>`;

describe('dedup key', () => {
  it('is the MsgId for a message, exact beyond 2^53, scoped by app', () => {
    const message = '<xml><MsgType>text</MsgType><Content>hi</Content><MsgId>18446744073709551615</MsgId></xml>';
    expect(dedupKey(inbound(message))).toBe('hr:msg:18446744073709551615');
    expect(dedupKey(inbound(message, 'sales'))).toBe('sales:msg:18446744073709551615');
    // A retry is the same message whatever else differs in the plaintext.
    expect(dedupKey(inbound(message.replace('hi', 'hi again')))).toBe('hr:msg:18446744073709551615');
  });

  it('honours the AI bot\'s lowercase msgid', () => {
    expect(dedupKey(inbound('{"msgid":"CAIQ16HMjQYY/NGagIOAgAMgq4KM0AI=","msgtype":"text"}', 'bot'))).toBe('bot:msg:CAIQ16HMjQYY/NGagIOAgAMgq4KM0AI=');
  });

  it('is a digest of the plaintext for an event: two sys events in the same second do not collide', () => {
    const a = dedupKey(inbound(sysEvent('zhangsan')));
    const b = dedupKey(inbound(sysEvent('lisi')));
    expect(a).toMatch(/^hr:sha256:[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
    expect(dedupKey(inbound(sysEvent('zhangsan')))).toBe(a);
    expect(dedupKey(inbound(sysEvent('zhangsan'), 'sales'))).not.toBe(a);
  });

  it('keeps the digest replicas of earlier versions wrote (SHA-256 of the UTF-8 plaintext), also for non-ASCII text', () => {
    // Replicas of different versions share one store during a rolling upgrade: the key must not move.
    for (const plaintext of [sysEvent('zhangsan'), sysEvent('张三'), sysEvent('emoji 😀')]) {
      const expected = createHash('sha256').update(plaintext, 'utf8').digest('hex');
      expect(dedupKey(inbound(plaintext))).toBe(`hr:sha256:${expected}`);
    }
  });

  it('uses a custom key function, scoped by app, and falls back when it returns undefined', () => {
    const custom = (payload: Record<string, unknown>) => (payload.UserID ? `user:${payload.UserID}` : undefined);
    expect(dedupKey(inbound(sysEvent('zhangsan')), custom)).toBe('hr:key:user:zhangsan');
    expect(dedupKey(inbound('<xml><MsgType>text</MsgType><MsgId>7</MsgId></xml>'), custom)).toBe('hr:msg:7');
  });
});
