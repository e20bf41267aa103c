import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WeComReply } from '../../src/families/app/wecom-reply.js';
import { parseCallbackXml, parseCallbackXmlWithParser } from '../../src/xml/callback-xml.parser.js';
import { toXml, writeReplyEnvelope, writeReplyPlaintext } from '../../src/xml/xml-writer.js';

/** What each writer answers: the XML, or the TypeError's message. */
function outcome(write: () => string): string {
  try {
    return `xml ${write()}`;
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return `TypeError ${error.message}`;
  }
}

/** Strings with the characters that matter to a CDATA writer: `]]>`, controls, astral, lone surrogates. */
const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: fc.constantFrom(']', '>', ']]>', '\u0001', '\t', '\n', '\r', '😀', '\ud800', 'a'), maxLength: 8 }),
);

describe('the reply template writers (xml-writer.ts)', () => {
  it('writeReplyPlaintext writes byte for byte what toXml writes for the same reply, or throws the same TypeError', () => {
    const reply = fc.oneof(
      text.map((t) => (t === '' ? WeComReply.text('x') : WeComReply.text(t))),
      fc.constant(WeComReply.image('MEDIA')),
      fc.constant(WeComReply.video('M', 'title ]]> x', undefined)),
      fc.constant(WeComReply.news([{ Title: 't1', Url: 'u1' }, { Title: 't2', Description: 'd2' }])),
      fc.constant(WeComReply.updateTemplateCard({ CardType: 'text_notice', MainTitle: { Title: 'x' }, JumpList: [{ Title: 'a' }, { Title: 'b' }] })),
    );
    fc.assert(
      fc.property(text, text, fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }), fc.constant(Number.NaN)), reply, (to, from, createTime, r) => {
        const header = { ToUserName: to, FromUserName: from, CreateTime: createTime, MsgType: r.msgType };
        expect(outcome(() => writeReplyPlaintext(to, from, createTime, r.msgType, r.fields))).toBe(outcome(() => toXml({ ...header, ...r.fields })));
      }),
      { numRuns: 2000 },
    );
  });

  it('writeReplyPlaintext leaves a field named like a header element to toXml (so the field wins, as with a spread)', () => {
    const fields: Record<string, unknown> = { Content: 'hi', ToUserName: 'override' };
    const header: Record<string, unknown> = { ToUserName: 'u', FromUserName: 'c', CreateTime: 1, MsgType: 'text' };
    expect(writeReplyPlaintext('u', 'c', 1, 'text', fields)).toBe(toXml({ ...header, ...fields }));
    const xml = writeReplyPlaintext('zhangsan', 'wx5823bf96d3bd56c7', 1348831860, 'text', { Content: 'this is a test' });
    expect(parseCallbackXml(xml)).toEqual({ ToUserName: 'zhangsan', FromUserName: 'wx5823bf96d3bd56c7', CreateTime: '1348831860', MsgType: 'text', Content: 'this is a test' });
  });

  it('writeReplyEnvelope writes what toXml writes for a canonical timestamp, keeps the signed digits otherwise, and checks the nonce', () => {
    const canonical = fc.integer({ min: 0, max: 99_999_999_999 }).map(String);
    fc.assert(
      fc.property(fc.base64String({ minLength: 4, maxLength: 200 }), fc.stringMatching(/^[0-9a-f]{40}$/), canonical, text, (encrypt, signature, timestamp, nonce) => {
        expect(outcome(() => writeReplyEnvelope(encrypt, signature, timestamp, nonce))).toBe(
          outcome(() => toXml({ Encrypt: encrypt, MsgSignature: signature, TimeStamp: Number(timestamp), Nonce: nonce })),
        );
      }),
      { numRuns: 2000 },
    );
    // The signature covers the timestamp string: the envelope must carry the same digits (toXml's Number() would drop the zeros).
    expect(writeReplyEnvelope('E', 'S', '0001409659813', 'n')).toContain('<TimeStamp>0001409659813</TimeStamp>');
    expect(() => writeReplyEnvelope('E', 'S', '14096x', 'n')).toThrow(TypeError);
    expect(() => writeReplyEnvelope('E', 'S', '1', 'a\u0001')).toThrow(/xml\.Nonce contains a control character/);
    expect(writeReplyEnvelope('E', 'S', '1', 'a]]>b')).toBe(toXml({ Encrypt: 'E', MsgSignature: 'S', TimeStamp: 1, Nonce: 'a]]>b' }));
  });

  it('what the template writers write, fast-xml-parser (the hardened full path) reads back as the values written', () => {
    // Text a writer accepts and XML keeps as is: no control characters, no CR (XML normalises line ends).
    const writable = text.filter((t) => !/[\x00-\x08\x0B\x0C\x0E-\x1F\r]/.test(t));
    fc.assert(
      fc.property(writable, writable, fc.integer({ min: 0, max: 2 ** 31 }), writable, (to, from, createTime, content) => {
        const reply = WeComReply.text(content === '' ? 'x' : content);
        const plaintext = writeReplyPlaintext(to, from, createTime, reply.msgType, reply.fields);
        expect(parseCallbackXmlWithParser(plaintext)).toStrictEqual({ ToUserName: to, FromUserName: from, CreateTime: String(createTime), MsgType: 'text', Content: reply.fields.Content });
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.base64String({ minLength: 4, maxLength: 200 }), fc.stringMatching(/^[0-9a-f]{40}$/), fc.stringMatching(/^\d{1,13}$/), writable, (encrypt, signature, timestamp, nonce) => {
        const envelope = writeReplyEnvelope(encrypt, signature, timestamp, nonce);
        expect(parseCallbackXmlWithParser(envelope)).toStrictEqual({ Encrypt: encrypt, MsgSignature: signature, TimeStamp: timestamp, Nonce: nonce });
      }),
      { numRuns: 1000 },
    );
  });
});
