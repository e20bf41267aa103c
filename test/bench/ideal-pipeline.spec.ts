import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { describe, expect, it } from 'vitest';
import { idealHandler } from '../../bench/ideal/ideal-handler.js';
import { IdealPipeline } from '../../bench/ideal/ideal-pipeline.js';
import { scanPlaintext } from '../../bench/ideal/ideal-xml-scanner.js';
import { textMessage, updateUserEvent } from '../../bench/support/callback-plaintexts.mjs';
import { parseCallbackXml } from '../../src/xml/callback-xml.parser.js';
import { OFFICIAL } from '../support/official-keys.js';

/**
 * The ideal pipeline is the yardstick of `npm run bench` (the module must reach 0.9× of it), so it must
 * do every check the module does: a yardstick that skipped one would make the target unfair. These
 * drive it with real WeCom-shaped requests built by @wecom/crypto and check each refusal.
 */
const now = () => String(Math.floor(Date.now() / 1000));

function request(plaintext: string, options: { receiveId?: string; timestamp?: string; nonce?: string; tamper?: (ciphertext: string) => string } = {}) {
  const timestamp = options.timestamp ?? now();
  const nonce = options.nonce ?? 'n1';
  const ciphertext = (options.tamper ?? ((c) => c))(encrypt(OFFICIAL.encodingAESKey, plaintext, options.receiveId ?? OFFICIAL.corpId));
  const signature = getSignature(OFFICIAL.token, timestamp, nonce, ciphertext);
  return {
    url: `/wecom/callback?msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`,
    body: Buffer.from(`<xml><ToUserName><![CDATA[${OFFICIAL.corpId}]]></ToUserName><Encrypt><![CDATA[${ciphertext}]]></Encrypt><AgentID><![CDATA[1]]></AgentID></xml>`),
  };
}

const errcode = (answer: { body: string }) => JSON.parse(answer.body).errcode as number;

describe('the ideal pipeline of the bench (bench/ideal/)', () => {
  it('answers a text message with an encrypted, signed echo, and a duplicate with the same reply without running the handler again', () => {
    const ideal = new IdealPipeline(OFFICIAL, idealHandler);
    const { url, body } = request(textMessage(1));
    const answer = ideal.handle(url, body);
    expect(answer.status).toBe(200);
    const reply = /<Encrypt><!\[CDATA\[([^\]]+)\]\]><\/Encrypt><MsgSignature><!\[CDATA\[([0-9a-f]{40})\]\]><\/MsgSignature><TimeStamp>(\d+)<\/TimeStamp><Nonce><!\[CDATA\[n1\]\]><\/Nonce>/.exec(answer.body)!;
    expect(getSignature(OFFICIAL.token, reply[3], 'n1', reply[1])).toBe(reply[2]);
    const { message, id } = decrypt(OFFICIAL.encodingAESKey, reply[1]);
    expect(id).toBe(OFFICIAL.corpId);
    expect(message).toContain('<Content><![CDATA[echo: hello from the bench #1]]></Content>');
    expect(ideal.handled).toBe(1);
    const again = request(textMessage(1), { nonce: 'n2' });
    expect(ideal.handle(again.url, again.body).status).toBe(200);
    expect(ideal.handled).toBe(1);
  });

  it('refuses what the module refuses, with the same errcodes', () => {
    const ideal = new IdealPipeline(OFFICIAL, idealHandler);
    const good = request(textMessage(2));
    expect(errcode(ideal.handle(good.url.replace(/msg_signature=[0-9a-f]/, 'msg_signature=x'), good.body))).toBe(-40001);
    expect(errcode(ideal.handle(`${good.url}&nonce=again`, good.body))).toBe(-40013);
    expect(errcode(ideal.handle(good.url.replace(/timestamp=\d+/, 'timestamp=12a'), good.body))).toBe(-40013);
    const stale = request(textMessage(3), { timestamp: String(Math.floor(Date.now() / 1000) - 301) });
    expect(errcode(ideal.handle(stale.url, stale.body))).toBe(-40003);
    const wrongId = request(textMessage(4), { receiveId: 'wwsomeoneelse' });
    expect(errcode(ideal.handle(wrongId.url, wrongId.body))).toBe(-40005);
    const notCanonical = request(textMessage(5), { tamper: (c) => c.replace(/=+$/, '') });
    expect(errcode(ideal.handle(notCanonical.url, notCanonical.body))).toBe(-40010);
    for (const hostile of ['<!DOCTYPE x [<!ENTITY e "x">]><xml><A>&e;</A></xml>', '<xml><!DOCTYPE x><A>1</A></xml>', '<xml><__proto__><a>1</a></__proto__></xml>', '<xml><toString>1</toString></xml>', '<xml><A>\u0001</A></xml>', '<xml><A>1</B></xml>']) {
      const r = request(hostile);
      expect(errcode(ideal.handle(r.url, r.body)), hostile).toBe(-40002);
    }
    expect(errcode(ideal.handle(good.url, Buffer.from('<xml><Encrypt>a</Encrypt><Encrypt>b</Encrypt></xml>')))).toBe(-40002);
    expect(ideal.handled).toBe(0);
  });

  it('reads the bench plaintexts into the same objects as the module', () => {
    for (const xml of [textMessage(7), updateUserEvent(7)]) expect(scanPlaintext(xml)).toEqual(parseCallbackXml(xml));
  });
});
