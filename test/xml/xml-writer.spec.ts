import { describe, expect, it } from 'vitest';
import { parseCallbackXml } from '../../src/xml/callback-xml.parser.js';
import { toXml } from '../../src/xml/xml-writer.js';

describe('toXml', () => {
  it('writes the text reply of PROTOCOL.md §3.4 byte for byte', () => {
    const xml = toXml({ ToUserName: 'toUser', FromUserName: 'fromUser', CreateTime: 1348831860, MsgType: 'text', Content: 'this is a test' });
    expect(xml).toBe(
      '<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]></FromUserName><CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[this is a test]]></Content></xml>',
    );
  });

  it('writes the encrypted reply envelope of §3.3 in its one-line form', () => {
    expect(toXml({ Encrypt: 'ENC', MsgSignature: 'SIG', TimeStamp: 1409659813, Nonce: 'nonce' })).toBe(
      '<xml><Encrypt><![CDATA[ENC]]></Encrypt><MsgSignature><![CDATA[SIG]]></MsgSignature><TimeStamp>1409659813</TimeStamp><Nonce><![CDATA[nonce]]></Nonce></xml>',
    );
  });

  it('repeats the tag for arrays and nests objects (the news reply of §3.4)', () => {
    const xml = toXml({
      MsgType: 'news',
      ArticleCount: 2,
      Articles: { item: [{ Title: 't1', Url: 'u1' }, { Title: 't2', Description: 'd2' }] },
    });
    expect(xml).toBe(
      '<xml><MsgType><![CDATA[news]]></MsgType><ArticleCount>2</ArticleCount><Articles>' +
        '<item><Title><![CDATA[t1]]></Title><Url><![CDATA[u1]]></Url></item>' +
        '<item><Title><![CDATA[t2]]></Title><Description><![CDATA[d2]]></Description></item></Articles></xml>',
    );
    expect(parseCallbackXml(xml)).toEqual({
      MsgType: 'news',
      ArticleCount: '2',
      Articles: { item: [{ Title: 't1', Url: 'u1' }, { Title: 't2', Description: 'd2' }] },
    });
  });

  it('splits "]]>" across CDATA sections so it survives a round trip', () => {
    const text = 'a]]>b]]>]]>c]]';
    const xml = toXml({ Content: text });
    expect(xml).toBe('<xml><Content><![CDATA[a]]]]><![CDATA[>b]]]]><![CDATA[>]]]]><![CDATA[>c]]]]></Content></xml>');
    expect(parseCallbackXml(xml)).toEqual({ Content: text });
  });

  it('writes markup characters and escapes verbatim inside CDATA', () => {
    const text = '<b>&amp; "quoted" \'single\' <!DOCTYPE x>';
    expect(parseCallbackXml(toXml({ Content: text }))).toEqual({ Content: text });
  });

  it('writes numbers, bigints and booleans bare; skips undefined and null, also inside arrays', () => {
    expect(toXml({ A: 0, B: -1.5, C: 4561255354251345929n, D: true, E: undefined, F: null, G: ['x', null, undefined, 'y'] })).toBe(
      '<xml><A>0</A><B>-1.5</B><C>4561255354251345929</C><D>true</D><G><![CDATA[x]]></G><G><![CDATA[y]]></G></xml>',
    );
  });

  it('writes empty strings, empty objects and empty arrays', () => {
    expect(toXml({ A: '', B: {}, C: [] })).toBe('<xml><A><![CDATA[]]></A><B></B></xml>');
    expect(toXml({})).toBe('<xml></xml>');
  });

  it('keeps key order', () => {
    expect(toXml({ Z: 'z', A: 'a', M: { Y: 1, B: 2 } })).toBe('<xml><Z><![CDATA[z]]></Z><A><![CDATA[a]]></A><M><Y>1</Y><B>2</B></M></xml>');
  });

  it('refuses what it cannot write faithfully', () => {
    expect(() => toXml({ 'bad name': 'x' })).toThrow(/not a valid XML element name/);
    expect(() => toXml({ '1A': 'x' })).toThrow(/not a valid XML element name/);
    expect(() => toXml({ A: { 'x<y': 'x' } })).toThrow(/not a valid XML element name/);
    expect(() => toXml({ A: Number.NaN })).toThrow(/NaN/);
    expect(() => toXml({ A: Number.POSITIVE_INFINITY })).toThrow(/Infinity/);
    expect(() => toXml({ A: [['x']] })).toThrow(/array inside an array/);
    expect(() => toXml({ A: () => 1 })).toThrow(/function/);
    expect(() => toXml({ A: 'a\u0001b' })).toThrow(/control character/);
    expect(() => toXml([] as unknown as Record<string, unknown>)).toThrow(TypeError);
  });
});
