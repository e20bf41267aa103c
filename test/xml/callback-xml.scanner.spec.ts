import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listTemplates } from '../../src/testing/template-catalog.js';
import { findTemplate } from '../../src/testing/template-catalog.js';
import { freshStamp, renderCallbackFields, renderCallbackXml } from '../../src/testing/callback-renderer.js';
import { WeComProtocolError } from '../../src/errors/wecom-protocol.error.js';
import { parseCallbackXml, parseCallbackXmlWithParser } from '../../src/xml/callback-xml.parser.js';
import { scanCallbackXml } from '../../src/xml/callback-xml.scanner.js';
import { MAX_XML_DEPTH, readXmlRoot } from '../../src/xml/hardened-xml.reader.js';
import { APP_SAMPLES, SUITE_SAMPLES } from '../fixtures/callback-samples.js';

/** The full path's answer: the object (keys in order, as JSON), or the refusal's errcode and message. */
function outcome(parse: (xml: string) => unknown, xml: string): string {
  try {
    return `value ${JSON.stringify(parse(xml))}`;
  } catch (error) {
    if (!(error instanceof WeComProtocolError)) throw error;
    return `refused ${error.errcode} ${error.message}`;
  }
}

/**
 * The property that matters: whenever the scanner answers, the hardened parser accepts the same
 * document and builds the same object (deep, strict, keys in the same order); and parseCallbackXml as
 * a whole answers exactly what its parser-only twin answers, value or refusal. Returns whether the
 * scanner answered, so the generators can be checked to exercise it.
 */
function assertAgrees(xml: string): boolean {
  const fast = scanCallbackXml(xml);
  if (fast !== undefined) {
    const full = readXmlRoot(xml, 'callback XML');
    expect(fast).toStrictEqual(full);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(full));
  }
  expect(outcome(parseCallbackXml, xml)).toBe(outcome(parseCallbackXmlWithParser, xml));
  return fast !== undefined;
}

const SAMPLES = [...APP_SAMPLES, ...SUITE_SAMPLES];

/** Every template of the catalog, rendered the way `nestjs-wecom send` renders it. */
const TEMPLATE_XML = listTemplates().map(({ kind, type, changeType }) => {
  const template = findTemplate(kind, type, changeType);
  const fields = renderCallbackFields(template, { receiver: 'wx5823bf96d3bd56c7', agentId: '1000002', fromUser: 'zhangsan' }, freshStamp(template));
  return { name: `${kind} ${type}${changeType ? `/${changeType}` : ''}`, xml: renderCallbackXml(fields) };
});

/** The fixtures written other than WeCom writes (pretty-printed doc samples, escapes in bare text): parser only. */
function leftToTheParser(xml: string): boolean {
  const bare = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '\u0000');
  return /&|\s\u0000|\u0000\s/.test(bare);
}

describe('scanCallbackXml (the fast path of parseCallbackXml)', () => {
  it('reads every fixture and every catalog template exactly as the hardened parser does', () => {
    let scanned = 0;
    for (const { name, xml } of [...SAMPLES, ...TEMPLATE_XML]) {
      const answered = assertAgrees(xml);
      // WeCom's compact documents must take the fast path, or the scanner is not doing its job.
      if (!leftToTheParser(xml)) expect(answered, name).toBe(true);
      if (answered) scanned++;
    }
    expect(scanned).toBeGreaterThan(SAMPLES.length + TEMPLATE_XML.length - 10);
  });

  it('reads the nested shapes WeCom sends: ExtAttr and PicList items, ScanCodeInfo, SendLocationInfo, approval trees', () => {
    const ext = scanCallbackXml(
      '<xml><ExtAttr><Item><Name><![CDATA[爱好]]></Name><Type>0</Type><Text><Value><![CDATA[旅游]]></Value></Text></Item></ExtAttr></xml>',
    );
    expect(ext).toEqual({ ExtAttr: { Item: [{ Name: '爱好', Type: '0', Text: { Value: '旅游' } }] } });
    const pics = scanCallbackXml('<xml><SendPicsInfo><Count>1</Count><PicList><item><PicMd5Sum><![CDATA[abc]]></PicMd5Sum></item></PicList></SendPicsInfo></xml>');
    expect(pics).toEqual({ SendPicsInfo: { Count: '1', PicList: { item: [{ PicMd5Sum: 'abc' }] } } });
    const scan = scanCallbackXml('<xml><ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType><ScanResult><![CDATA[1]]></ScanResult></ScanCodeInfo></xml>');
    expect(scan).toEqual({ ScanCodeInfo: { ScanType: 'qrcode', ScanResult: '1' } });
    const approval = scanCallbackXml(
      '<xml><ApprovalInfo><SpRecord><SpStatus>1</SpStatus><Details><Approver><UserId><![CDATA[a]]></UserId></Approver></Details></SpRecord>' +
        '<SpRecord><SpStatus>2</SpStatus></SpRecord><Notifyer><UserId><![CDATA[b]]></UserId></Notifyer></ApprovalInfo></xml>',
    );
    expect(approval).toEqual({
      ApprovalInfo: {
        SpRecord: [{ SpStatus: '1', Details: [{ Approver: { UserId: 'a' } }] }, { SpStatus: '2' }],
        Notifyer: [{ UserId: 'b' }],
      },
    });
  });

  it('never answers for what the hardened parser refuses, and leaves every unusual form to it', () => {
    const deep = `<xml>${'<A>'.repeat(MAX_XML_DEPTH)}x${'</A>'.repeat(MAX_XML_DEPTH)}</xml>`;
    const hostile = [
      '<!DOCTYPE xml [<!ENTITY e "x">]><xml><A>&e;</A></xml>',
      '<xml><!DOCTYPE x><A>1</A></xml>',
      '<xml><!ENTITY e "x"><A>1</A></xml>',
      '<xml><A><!ELEMENT a ANY></A></xml>',
      '<xml><__proto__><polluted>1</polluted></__proto__></xml>',
      '<xml><constructor><prototype><polluted>1</polluted></prototype></constructor></xml>',
      '<xml><prototype>1</prototype></xml>',
      '<xml><toString>1</toString></xml>',
      '<xml><hasOwnProperty>1</hasOwnProperty></xml>',
      '<xml><A><valueOf/></A></xml>',
      '<xml><isPrototypeOf>1</isPrototypeOf></xml>',
      '<xml><A>\u0001</A></xml>',
      '<xml><A><![CDATA[\u0000]]></A></xml>',
      deep,
      `<xml>${'<A>'.repeat(40)}${'</A>'.repeat(40)}</xml>`,
      '<xml><A>1</B></xml>',
      '<xml><A>1</xml>',
      '<xml><A>1</A>',
      '<xml><A><![CDATA[1</A></xml>',
      '<xml><A>1</A></xml><xml/>',
      '<xml><A>1</A></xml>junk',
      '<xml>junk<A>1</A></xml>',
      '<xml><A>1</A>junk</xml>',
      '<xml><A>x<B>1</B></A></xml>',
      '<xml><A><B>1</B>x</A></xml>',
      '<xml><A x="1">1</A></xml>',
      '<xml><A >1</A></xml>',
      '<xml><A>1</A ></xml>',
      '<xml><A>a &amp; b</A></xml>',
      '<xml><A>&#1;</A></xml>',
      '<xml><A>a > b</A></xml>',
      '<xml><A> 1 </A></xml>',
      '<xml><A>\n</A></xml>',
      '<xml><A><![CDATA[1]]> </A></xml>',
      '<xml><A> <![CDATA[1]]></A></xml>',
      '<xml><!-- c --><A>1</A></xml>',
      '<?xml version="1.0"?><xml><A>1</A></xml>',
      '<xml><?pi x?><A>1</A></xml>',
      '<xml><![CDATA[1]]></xml>',
      '<xml>text</xml>',
      '<xml><a:b>1</a:b></xml>',
      '<xml><A-B>1</A-B></xml>',
      '<xml><1A>1</1A></xml>',
      '<root><A>1</A></root>',
      ' <xml><A>1</A></xml>',
      '\uFEFF<xml><A>1</A></xml>',
      '',
    ];
    for (const xml of hostile) {
      expect(scanCallbackXml(xml), xml).toBeUndefined();
      assertAgrees(xml);
    }
    // Scanned, then refused by the same payload checks as the parser's result: routing elements hold text once.
    for (const xml of ['<xml><MsgType>a</MsgType><MsgType>b</MsgType></xml>', '<xml><MsgType><A>1</A></MsgType></xml>']) {
      expect(scanCallbackXml(xml), xml).toBeDefined();
      expect(outcome(parseCallbackXml, xml)).toMatch(/^refused -40002 callback XML refused: <MsgType> must occur once/);
      assertAgrees(xml);
    }
    // The public function refuses pollution, and nothing was polluted on the way.
    expect(() => parseCallbackXml('<xml><__proto__><polluted>1</polluted></__proto__></xml>')).toThrow(WeComProtocolError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  /** Names WeCom uses, the repeated paths' segments, and names the full path refuses or treats specially. */
  const safeName = fc.constantFrom(
    'ToUserName', 'MsgType', 'Content', 'MsgId', 'Event', 'ChangeType', 'Location_X',
    'ExtAttr', 'Item', 'Name', 'Text', 'Value', 'Web', 'SendPicsInfo', 'PicList', 'item', 'ScanCodeInfo',
    'ApprovalInfo', 'SpRecord', 'Details', 'Approver', 'Notifyer', 'Comments', 'Attach', 'MemChangeList', 'DocId', 'xml',
    '_a', 'A1',
  );
  const name = fc.oneof(
    { weight: 12, arbitrary: safeName },
    { weight: 1, arbitrary: fc.constantFrom('toString', 'constructor', '__proto__', 'prototype', 'isPrototypeOf', 'a:b', 'A-B', 'a.b') },
  );
  /** Text that exercises every branch: markup characters, escapes, whitespace at the edges, CR, controls, astral and lone surrogates. */
  const text = fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom('a', 'Z', '0', '中', '😀', ' ', '_', '/', ':', '"'), maxLength: 10 }) },
    fc.string({ maxLength: 10 }),
    fc.string({ unit: 'binary', maxLength: 10 }),
    fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\r', '\t', '&', ';', '<', '>', ']', '!', '\u00a0', '\u3000', '\u0001', '\ud800', '😀', '中'), maxLength: 8 }),
    fc.constantFrom('', '1348831860', '4561255354251345929', '&amp;', '&#x4e2d;', '&#1;', ']]>', ']]', '<!DOCTYPE x>', '</A>', 'a\r\nb'),
  );
  const leaf = fc.tuple(text, fc.constantFrom('cdata', 'cdata', 'split-cdata', 'bare', 'bare', 'empty', 'self', 'spaced-cdata')).map(([value, form]) => {
    switch (form) {
      case 'cdata':
        return (tag: string) => `<${tag}><![CDATA[${value}]]></${tag}>`;
      case 'split-cdata':
        return (tag: string) => `<${tag}><![CDATA[${value}]]><![CDATA[${value}]]></${tag}>`;
      case 'bare':
        return (tag: string) => `<${tag}>${value}</${tag}>`;
      case 'empty':
        return (tag: string) => `<${tag}></${tag}>`;
      case 'self':
        return (tag: string) => `<${tag}/>`;
      default:
        return (tag: string) => `<${tag}> <![CDATA[${value}]]>\n</${tag}>`;
    }
  });
  const gap = fc.oneof(
    { weight: 20, arbitrary: fc.constantFrom('', '', '', '\n', '\n  ', '\r\n\t', ' ') },
    { weight: 1, arbitrary: fc.constantFrom('x', '<!--c-->', '&amp;', '\u3000', '<![CDATA[x]]>') },
  );
  type Element = (tag: string) => string;
  const { element } = fc.letrec<{ element: Element; children: string }>((tie) => ({
    element: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 6, arbitrary: leaf },
      { weight: 3, arbitrary: tie('children').map((inner) => (tag: string) => `<${tag}>${inner}</${tag}>`) },
      { weight: 1, arbitrary: fc.tuple(tie('children'), fc.constantFrom('</X>', '', '/>')).map(([inner, close]) => (tag: string) => `<${tag}>${inner}${close}`) },
    ),
    children: fc
      .array(fc.tuple(gap, name, tie('element')), { minLength: 1, maxLength: 4 })
      .chain((parts) => gap.map((tail) => parts.map(([space, tag, build]) => space + build(tag)).join('') + tail)),
  }));
  const document = fc
    .tuple(
      fc.constantFrom('', '', '', '', '', '', '', '', '<?xml version="1.0"?>', ' ', '<!DOCTYPE xml>'),
      fc.array(fc.tuple(gap, name, element), { maxLength: 6 }),
      gap,
      fc.constantFrom('', '', '', '', '', '', '', '', '\n', '<xml/>', 'x'),
    )
    .map(([prolog, parts, tail, epilog]) => `${prolog}<xml>${parts.map(([space, tag, build]) => space + build(tag)).join('')}${tail}</xml>${epilog}`);

  it('agrees with the hardened parser on generated WeCom-like and malformed documents', () => {
    let answered = 0;
    let runs = 0;
    fc.assert(
      fc.property(document, (xml) => {
        runs++;
        if (assertAgrees(xml)) answered++;
      }),
      { numRuns: 4000 },
    );
    // The generator must reach both sides: documents the scanner reads, and documents it leaves alone.
    expect(answered).toBeGreaterThan(runs * 0.1);
    expect(answered).toBeLessThan(runs * 0.9);
  });

  /** Edits that steer mutations of real payloads towards the parser's interesting paths (as in xml.property.spec.ts). */
  const fragment = fc.constantFrom(
    '<', '>', '/', '</', '/>', '<!', '<![CDATA[', ']]>', '<!--', '-->', '<?', '?>', '&', '&amp;', '&#', '&#x0;', ';', '"', "'", '=', ' ',
    '<!DOCTYPE x>', '<!ENTITY e "x">', '<__proto__>', '</__proto__>', '<constructor>', '<prototype>', '<toString>',
    '<xml>', '</xml>', '<Item>', '</Item>', '<PicList>', '</PicList>', '<item>', '</item>', '\u0000', '\u0001', '\t', '\r\n', '\r', '😀', '\ud800',
  );
  const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 6 }), insert: fc.oneof(fragment, fc.string({ maxLength: 6 })) });
  const seeds = [...SAMPLES.map((sample) => sample.xml), ...TEMPLATE_XML.map((template) => template.xml)];

  it('agrees with the hardened parser on mutations of every fixture and template', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 3 }), (seed, edits) => {
        let xml = seed;
        for (const { at, remove, insert } of edits) {
          const position = at % (xml.length + 1);
          xml = xml.slice(0, position) + insert + xml.slice(position + remove);
        }
        assertAgrees(xml);
      }),
      { numRuns: 4000 },
    );
  });
});
