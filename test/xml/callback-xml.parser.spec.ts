import { describe, expect, it } from 'vitest';
import { WeComErrorCode } from '../../src/errors/wecom-error-codes.js';
import { WeComProtocolError } from '../../src/errors/wecom-protocol.error.js';
import { parseCallbackXml } from '../../src/xml/callback-xml.parser.js';
import { MAX_XML_DEPTH } from '../../src/xml/hardened-xml.reader.js';
import { REPEATED_ELEMENT_PATHS } from '../../src/xml/repeated-elements.js';

/** Asserts a -40002 refusal whose message matches `reason`. */
function expectRefused(xml: string, reason: RegExp): void {
  let caught: unknown;
  try {
    parseCallbackXml(xml);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(WeComProtocolError);
  expect((caught as WeComProtocolError).errcode).toBe(WeComErrorCode.ParseXmlError);
  expect((caught as WeComProtocolError).message).toMatch(reason);
}

/** `depth` counts <xml> as 1; the innermost element sits at `depth`. */
function nested(depth: number, selfClosingLeaf = false): string {
  let open = '';
  let close = '';
  for (let level = 2; level < depth; level++) {
    open += `<L${level}>`;
    close = `</L${level}>` + close;
  }
  return `<xml>${open}${selfClosingLeaf ? '<Leaf/>' : '<Leaf>x</Leaf>'}${close}</xml>`;
}

describe('parseCallbackXml: values', () => {
  it('returns the children of <xml> with every leaf a string exactly as sent', () => {
    const payload = parseCallbackXml(
      '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><FromUserName><![CDATA[00123]]></FromUserName>' +
        '<CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[this is a test]]></Content>' +
        '<MsgId>4561255354251345929</MsgId><AgentID>0001</AgentID><Flag>true</Flag><Hex>0x1F</Hex><Exp>1e3</Exp></xml>',
    );
    expect(payload).toEqual({
      ToUserName: 'wx5823bf96d3bd56c7',
      FromUserName: '00123',
      CreateTime: '1348831860',
      MsgType: 'text',
      Content: 'this is a test',
      MsgId: '4561255354251345929', // beyond 2^53: a Number would read 4561255354251346000
      AgentID: '0001',
      Flag: 'true',
      Hex: '0x1F',
      Exp: '1e3',
    });
    expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
  });

  it('trims whitespace outside CDATA (the suite_ticket doc sample, §4.5) but keeps CDATA content as sent', () => {
    const payload = parseCallbackXml('<xml><InfoType> <![CDATA[suite_ticket]]></InfoType><Bare>  42 \n</Bare><Content><![CDATA[  two spaces  ]]></Content></xml>');
    expect(payload).toEqual({ InfoType: 'suite_ticket', Bare: '42', Content: '  two spaces  ' });
  });

  it('gives "" for an empty element in all three spellings', () => {
    expect(parseCallbackXml('<xml><A/><B></B><C><![CDATA[]]></C><D> </D></xml>')).toEqual({ A: '', B: '', C: '', D: '' });
  });

  it('accepts an empty root', () => {
    expect(parseCallbackXml('<xml/>')).toEqual({});
    expect(parseCallbackXml('<xml></xml>')).toEqual({});
  });

  it('joins CDATA sections split around "]]>" and adjacent text', () => {
    expect(parseCallbackXml('<xml><A><![CDATA[a]]]]><![CDATA[>b]]></A><B>x<![CDATA[<y>]]>z</B></xml>')).toEqual({ A: 'a]]>b', B: 'x<y>z' });
  });

  it('ignores attributes, the XML declaration, comments and pretty-printing (LF and CRLF)', () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\r\n<xml a="1">\r\n  <!-- note -->\r\n  <A b="2">x</A>\r\n  <B>\r\n    <C>y</C>\r\n  </B>\r\n</xml>\r\n';
    expect(parseCallbackXml(xml)).toEqual({ A: 'x', B: { C: 'y' } });
  });

  it('normalises CR LF to LF inside CDATA too, as XML 1.0 §2.11 requires of every parser', () => {
    expect(parseCallbackXml('<xml><Content><![CDATA[line1\r\nline2\rline3]]></Content></xml>')).toEqual({ Content: 'line1\nline2\nline3' });
  });

  it('keeps non-BMP text (emoji) and Chinese intact', () => {
    expect(parseCallbackXml('<xml><Content><![CDATA[张三 😀 𠮷]]></Content></xml>')).toEqual({ Content: '张三 😀 𠮷' });
  });

  it('keeps elements it does not know (PROTOCOL.md §4.0: unknown elements are ignored by handlers, not dropped)', () => {
    expect(parseCallbackXml('<xml><MsgType>event</MsgType><Event>future_event</Event><Brand><New>1</New></Brand></xml>')).toEqual({
      MsgType: 'event',
      Event: 'future_event',
      Brand: { New: '1' },
    });
  });
});

describe('parseCallbackXml: XML escapes (decided: decoded in plain text, never in CDATA; no DTD entities)', () => {
  it('decodes the five predefined escapes and character references in plain text', () => {
    expect(parseCallbackXml('<xml><Url>a=1&amp;b=2 &lt;i&gt; &quot;q&quot; &apos;s&apos; &#38; &#x41;&#x1F600;</Url></xml>')).toEqual({
      Url: `a=1&b=2 <i> "q" 's' & A😀`,
    });
  });

  it('leaves CDATA content alone, even when it looks like an escape', () => {
    expect(parseCallbackXml('<xml><A><![CDATA[&amp; &lt; &#38;]]></A></xml>')).toEqual({ A: '&amp; &lt; &#38;' });
  });

  it('leaves unknown names as written (HTML names are not XML) and decodes only once', () => {
    expect(parseCallbackXml('<xml><A>&nbsp;&copy; &amp;lt;</A></xml>')).toEqual({ A: '&nbsp;&copy; &lt;' });
  });

  it('refuses a character reference to a character XML forbids', () => {
    expectRefused('<xml><A>&#1;</A></xml>', /character reference &#1;/);
    expectRefused('<xml><A>&#xD800;</A></xml>', /character reference/);
    expectRefused('<xml><A>&#x110000;</A></xml>', /character reference/);
  });
});

describe('parseCallbackXml: refusals (-40002)', () => {
  it('refuses a DOCTYPE, with or without entities (XXE, billion laughs)', () => {
    expectRefused('<!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><A>&e;</A></xml>', /markup declaration.*DOCTYPE/);
    expectRefused('<!DOCTYPE xml><xml><A>1</A></xml>', /markup declaration/);
    expectRefused(
      '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><xml><A>&lol2;</A></xml>',
      /markup declaration/,
    );
  });

  it('refuses <!ENTITY and other declarations anywhere in markup, in any case', () => {
    expectRefused('<xml><!ENTITY e "x"><A>1</A></xml>', /markup declaration/);
    expectRefused('<xml><A>1</A></xml><!doctype x>', /markup declaration/);
    expectRefused('<xml><!ELEMENT A ANY><A>1</A></xml>', /markup declaration/);
  });

  it('accepts "<!DOCTYPE" inside CDATA: it is a user\'s text, not markup', () => {
    expect(parseCallbackXml('<xml><Content><![CDATA[<!DOCTYPE html><!ENTITY x "y">]]></Content></xml>')).toEqual({
      Content: '<!DOCTYPE html><!ENTITY x "y">',
    });
  });

  it('refuses __proto__, constructor and prototype as element names, and never pollutes Object.prototype', () => {
    for (const name of ['__proto__', 'constructor', 'prototype']) {
      expectRefused(`<xml><${name}><polluted>yes</polluted></${name}></xml>`, new RegExp(`Invalid name: "${name}"`));
      expectRefused(`<xml><A><${name}><polluted>yes</polluted></${name}></A></xml>`, /Invalid name/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  it('refuses names that shadow Object.prototype methods instead of renaming them', () => {
    expectRefused('<xml><toString>1</toString></xml>', /"toString" shadows/);
    expectRefused('<xml><A><hasOwnProperty>1</hasOwnProperty></A></xml>', /"hasOwnProperty" shadows/);
  });

  it(`accepts nesting up to ${MAX_XML_DEPTH} levels and refuses ${MAX_XML_DEPTH + 1}`, () => {
    expect(() => parseCallbackXml(nested(MAX_XML_DEPTH))).not.toThrow();
    expect(() => parseCallbackXml(nested(MAX_XML_DEPTH, true))).not.toThrow();
    expectRefused(nested(MAX_XML_DEPTH + 1), /nested tags|nested deeper/i);
    expectRefused(nested(MAX_XML_DEPTH + 1, true), /nested deeper than 32/);
    expectRefused(nested(10_000), /nested tags|nested deeper/i);
  });

  it('refuses control characters other than tab, LF and CR, in text and in CDATA', () => {
    for (const char of ['\u0000', '\u0001', '\u0008', '\u000B', '\u000C', '\u001F']) {
      expectRefused(`<xml><A>a${char}b</A></xml>`, /control character/);
      expectRefused(`<xml><A><![CDATA[a${char}b]]></A></xml>`, /control character/);
    }
    expect(parseCallbackXml('<xml><A><![CDATA[a\tb\nc]]></A></xml>')).toEqual({ A: 'a\tb\nc' });
  });

  it('refuses a root other than <xml>', () => {
    expectRefused('<root><A>1</A></root>', /root element is <root>, not <xml>/);
    expectRefused('<XML><A>1</A></XML>', /not <xml>/);
    expectRefused('<xml><A>1</A></xml><xml><A>2</A></xml>', /Multiple possible root nodes/);
    expectRefused('<xml>just text</xml>', /holds text/);
  });

  it('refuses input that is not XML at all', () => {
    expectRefused('', /empty/);
    expectRefused('hello', /not well-formed/);
    expectRefused('{"encrypt":"abc"}', /not well-formed/);
    expectRefused(undefined as unknown as string, /empty/);
  });

  it('refuses malformed XML the lenient parser alone would accept', () => {
    expectRefused('<xml><A>1</B></xml>', /Expected closing tag 'A'/);
    expectRefused('<xml><A>1</A>', /Unclosed tag 'xml'/);
    expectRefused('<xml><A>1', /not well-formed/);
    expectRefused('<xml></A></xml>', /not well-formed/);
    expectRefused('<xml><A>1</A></xml>trailing', /Extra text at the end/);
    expectRefused('<xml><A>1 < 2</A></xml>', /not well-formed/);
    expectRefused('<xml><A><![CDATA[never closed</A></xml>', /CDATA section is not closed|not well-formed/);
    expectRefused('<xml><1A>x</1A></xml>', /invalid name/);
  });

  it('refuses text mixed with elements at the root; deeper it surfaces as #text', () => {
    expectRefused('<xml>junk<A>1</A></xml>', /root mixes text with elements/);
    expectRefused('<xml><A>1</A>junk</xml>', /root mixes text with elements/);
    expect(parseCallbackXml('<xml><A>junk<B>1</B></A></xml>')).toEqual({ A: { B: '1', '#text': 'junk' } });
  });

  it('refuses a routing element that is repeated or holds elements', () => {
    expectRefused('<xml><MsgType>text</MsgType><MsgType>event</MsgType></xml>', /<MsgType> must occur once.*2 of them/);
    expectRefused('<xml><MsgType>event</MsgType><Event><A>1</A></Event></xml>', /<Event> must occur once and hold text, got nested elements/);
    expectRefused('<xml><InfoType>a</InfoType><InfoType>b</InfoType></xml>', /<InfoType>/);
  });
});

describe('parseCallbackXml: repeated elements (PROTOCOL.md §4 `*`)', () => {
  /** Builds the path with one leaf occurrence and reads it back, taking [0] of every repeated ancestor. */
  it.each(REPEATED_ELEMENT_PATHS.map((path) => [path]))('%s is an array even with one element', (path) => {
    const segments = path.split('.').slice(1);
    const xml = `<xml>${segments.map((s) => `<${s}>`).join('')}v${[...segments].reverse().map((s) => `</${s}>`).join('')}</xml>`;
    let node: unknown = parseCallbackXml(xml);
    segments.forEach((segment, index) => {
      node = (node as Record<string, unknown>)[segment];
      if (index < segments.length - 1) {
        if (REPEATED_ELEMENT_PATHS.includes(['xml', ...segments.slice(0, index + 1)].join('.'))) {
          expect(Array.isArray(node)).toBe(true);
          node = (node as unknown[])[0];
        }
      }
    });
    // SendPicsInfo.PicList.item ends in an object merged by mergePicLists; all others end with the leaf.
    expect(node).toEqual(['v']);
  });

  it('keeps the doc order of repeated elements, and separate arrays for separate parents', () => {
    const payload = parseCallbackXml(
      '<xml><SelectedItems><SelectedItem><QuestionKey>q1</QuestionKey><OptionIds><OptionId>a</OptionId><OptionId>b</OptionId></OptionIds></SelectedItem>' +
        '<SelectedItem><QuestionKey>q2</QuestionKey><OptionIds><OptionId>c</OptionId></OptionIds></SelectedItem></SelectedItems></xml>',
    );
    expect(payload).toEqual({
      SelectedItems: {
        SelectedItem: [
          { QuestionKey: 'q1', OptionIds: { OptionId: ['a', 'b'] } },
          { QuestionKey: 'q2', OptionIds: { OptionId: ['c'] } },
        ],
      },
    });
  });

  it('matches by full path: the same tag name elsewhere stays single', () => {
    expect(parseCallbackXml('<xml><Item>1</Item><Other><Item>2</Item></Other></xml>')).toEqual({ Item: '1', Other: { Item: '2' } });
  });

  it('still turns an unlisted element that repeats into an array (nothing is lost)', () => {
    expect(parseCallbackXml('<xml><Unknown>1</Unknown><Unknown>2</Unknown></xml>')).toEqual({ Unknown: ['1', '2'] });
  });

  it('gives an empty repeated element as [""]', () => {
    expect(parseCallbackXml('<xml><MemChangeList><Item/></MemChangeList></xml>')).toEqual({ MemChangeList: { Item: [''] } });
  });
});

describe('parseCallbackXml: SendPicsInfo.PicList (§4.2)', () => {
  const pic = (md5: string) => `<item><PicMd5Sum><![CDATA[${md5}]]></PicMd5Sum></item>`;
  const wrap = (inner: string) => `<xml><Event>pic_weixin</Event><SendPicsInfo><Count>3</Count>${inner}</SendPicsInfo></xml>`;
  const merged = { PicList: { item: [{ PicMd5Sum: 'a' }, { PicMd5Sum: 'b' }, { PicMd5Sum: 'c' }] }, Count: '3' };

  it('merges the real form (one PicList per picture) into one PicList', () => {
    expect(parseCallbackXml(wrap(`<PicList>${pic('a')}</PicList><PicList>${pic('b')}</PicList><PicList>${pic('c')}</PicList>`)).SendPicsInfo).toEqual(merged);
  });

  it('keeps the documented form (one PicList, many items) as is', () => {
    expect(parseCallbackXml(wrap(`<PicList>${pic('a')}${pic('b')}${pic('c')}</PicList>`)).SendPicsInfo).toEqual(merged);
  });

  it('merges a mix of both, in document order', () => {
    expect(parseCallbackXml(wrap(`<PicList>${pic('a')}${pic('b')}</PicList><PicList>${pic('c')}</PicList>`)).SendPicsInfo).toEqual(merged);
  });

  it('gives one picture as a one-item array, and an empty PicList as no items', () => {
    expect(parseCallbackXml(wrap(`<PicList>${pic('a')}</PicList>`)).SendPicsInfo).toEqual({ PicList: { item: [{ PicMd5Sum: 'a' }] }, Count: '3' });
    expect(parseCallbackXml(wrap('<PicList/>')).SendPicsInfo).toEqual({ PicList: { item: [] }, Count: '3' });
  });
});
