import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { getSignature } from '@wecom/crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveAesKey, encryptMessage } from '../../src/index.js';
import { CountingHandlers, createDeliveryApp, officialKeys, textXml } from '../support/delivery-handlers.js';
import { OFFICIAL } from '../support/official-keys.js';
import { signedPost } from '../support/oracle-client.js';

const PATH = '/wecom/callback';
const BODY_LIMIT = 4096;
const now = () => String(Math.floor(Date.now() / 1000));

/** A correctly signed envelope around `encrypt`, so the hostile part is what the module must judge. */
const signedEnvelope = (encrypt: string) => {
  const timestamp = now();
  return { query: `msg_signature=${getSignature(OFFICIAL.token, timestamp, '77', encrypt)}&timestamp=${timestamp}&nonce=77`, body: `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` };
};
/** A hostile plaintext, encrypted and signed properly, so that it reaches the callback parser. */
const signedPlaintext = (plaintext: string | Buffer) =>
  signedEnvelope(encryptMessage(deriveAesKey(OFFICIAL.encodingAESKey), plaintext, OFFICIAL.corpId));
const validQuery = () => signedPost(officialKeys, textXml('x', '1')).query;
const deep = (levels: number) => `${'<a>'.repeat(levels)}x${'</a>'.repeat(levels)}`;

type Case = { name: string; request: () => { query: string; body: string | Buffer; contentType?: string }; status: number; errcode: number };

const cases: Case[] = [
  // The envelope (outer body)
  { name: 'a JSON body', request: () => ({ query: validQuery(), body: '{"encrypt":"abc"}', contentType: 'application/json' }), status: 400, errcode: -40002 },
  { name: 'a body that is not XML at all', request: () => ({ query: validQuery(), body: 'hello' }), status: 400, errcode: -40002 },
  { name: 'a DOCTYPE with an ENTITY in the envelope', request: () => ({ query: validQuery(), body: '<!DOCTYPE xml [<!ENTITY x "y">]><xml><Encrypt>&x;</Encrypt></xml>' }), status: 400, errcode: -40002 },
  { name: 'a billion-laughs DOCTYPE', request: () => ({ query: validQuery(), body: `<!DOCTYPE l [<!ENTITY a "aaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY b${i} "${'&a;'.repeat(10)}">`).join('')}]><xml><Encrypt>&b8;</Encrypt></xml>` }), status: 400, errcode: -40002 },
  { name: 'deep nesting in the envelope', request: () => ({ query: validQuery(), body: `<xml>${deep(500)}<Encrypt>x</Encrypt></xml>` }), status: 400, errcode: -40002 },
  ...['__proto__', 'constructor', 'prototype', 'toString'].map((tag) => ({
    name: `a <${tag}> element in the envelope`,
    request: () => ({ query: validQuery(), body: `<xml><${tag}><polluted>1</polluted></${tag}><Encrypt>x</Encrypt></xml>` }),
    status: 400,
    errcode: -40002,
  })),
  { name: 'control characters in the envelope', request: () => ({ query: validQuery(), body: '<xml><Encrypt>ab\u0001cd</Encrypt></xml>' }), status: 400, errcode: -40002 },
  // Encrypt is base64: a byte outside printable ASCII in it is refused by the envelope scan, before the signature.
  { name: 'invalid UTF-8 in the envelope', request: () => ({ query: validQuery(), body: Buffer.concat([Buffer.from('<xml><Encrypt>'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('</Encrypt></xml>')]) }), status: 400, errcode: -40002 },
  { name: 'a huge base64 Encrypt, signed', request: () => signedEnvelope(Buffer.alloc(2400, 7).toString('base64')), status: 400, errcode: -40007 },
  { name: 'a body over bodyLimit', request: () => ({ query: validQuery(), body: `<xml><Encrypt>${'A'.repeat(BODY_LIMIT)}</Encrypt></xml>` }), status: 413, errcode: 413 },
  // The query
  { name: 'no query at all', request: () => ({ query: '', body: '<xml><Encrypt>x</Encrypt></xml>' }), status: 400, errcode: 400 },
  { name: 'a duplicated timestamp', request: () => ({ query: `${validQuery()}&timestamp=1`, body: '<xml><Encrypt>x</Encrypt></xml>' }), status: 400, errcode: 400 },
  { name: 'an oversized nonce', request: () => ({ query: validQuery().replace(/nonce=\d+/, `nonce=${'9'.repeat(5000)}`), body: '<xml><Encrypt>x</Encrypt></xml>' }), status: 400, errcode: 400 },
  // The decrypted plaintext: signed and encrypted correctly, hostile inside
  { name: 'a plaintext with a DOCTYPE', request: () => signedPlaintext('<!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><MsgType>text</MsgType><Content>&e;</Content><MsgId>1</MsgId></xml>'), status: 400, errcode: -40002 },
  { name: 'a deeply nested plaintext', request: () => signedPlaintext(`<xml><MsgType>text</MsgType><MsgId>2</MsgId>${deep(100)}</xml>`), status: 400, errcode: -40002 },
  ...['__proto__', 'constructor', 'prototype'].map((tag) => ({
    name: `a <${tag}> element in the plaintext`,
    request: () => signedPlaintext(`<xml><MsgType>text</MsgType><Content>x</Content><MsgId>3</MsgId><${tag}><isAdmin>true</isAdmin></${tag}></xml>`),
    status: 400,
    errcode: -40002,
  })),
  { name: 'control characters in the plaintext', request: () => signedPlaintext('<xml><MsgType>text</MsgType><Content><![CDATA[a\u0000b]]></Content><MsgId>4</MsgId></xml>'), status: 400, errcode: -40002 },
  {
    name: 'invalid UTF-8 in the plaintext',
    request: () => signedPlaintext(Buffer.concat([Buffer.from('<xml><MsgType>text</MsgType><Content><![CDATA['), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(']]></Content><MsgId>6</MsgId></xml>')])),
    status: 400,
    errcode: -40008,
  },
  { name: 'a JSON plaintext on the XML endpoint', request: () => signedPlaintext('{"MsgType":"text","Content":"x","MsgId":"5"}'), status: 400, errcode: -40002 },
];

describe('hostile input: refused with the right errcode, no handler runs, the process stays up', () => {
  let app: INestApplication;
  let handlers: CountingHandlers;

  beforeAll(async () => {
    app = await createDeliveryApp({ bodyLimit: BODY_LIMIT });
    handlers = app.get(CountingHandlers);
  });
  afterAll(() => app.close());

  it.each(cases)('$name → $status / $errcode', async ({ request: build, status, errcode }) => {
    const { query, body, contentType } = build();
    const res = await request(app.getHttpServer())
      .post(`${PATH}${query ? `?${query}` : ''}`)
      .set('Content-Type', contentType ?? 'text/xml')
      .send(Buffer.isBuffer(body) ? body : Buffer.from(body));
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ errcode, errmsg: expect.any(String) });
    expect(res.text).not.toMatch(/\bat \S+ \(|\.ts:\d+/);
    expect(handlers.total()).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('still serves a valid callback afterwards', async () => {
    const signed = signedPost(officialKeys, textXml('alive', '9'));
    const res = await request(app.getHttpServer()).post(`${PATH}?${signed.query}`).set('Content-Type', 'text/xml').send(signed.body);
    expect(res.status).toBe(200);
    expect(handlers.runs.get('msg:9')).toBe(1);
  });
});
