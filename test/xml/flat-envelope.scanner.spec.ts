import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractEncrypt, extractEncryptWithParser } from '../../src/xml/envelope.parser.js';
import { scanFlatEnvelope } from '../../src/xml/flat-envelope.scanner.js';

const ENCRYPT = 'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3Qcz==';
const WECOM_ENVELOPE = `<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[${ENCRYPT}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`;

/** What the full path answers: the value, or the refusal's message. */
function outcome(extract: (body: string) => string, body: string): string {
  try {
    return `value ${extract(body)}`;
  } catch (error) {
    return `refused ${(error as Error).message}`;
  }
}

describe('scanFlatEnvelope (the fast path of extractEncrypt)', () => {
  it('reads the envelope as WeCom sends it, compact or pretty-printed, bare or CDATA', () => {
    expect(scanFlatEnvelope(WECOM_ENVELOPE)).toBe(ENCRYPT);
    expect(scanFlatEnvelope(`<xml>\n  <ToUserName><![CDATA[ww1]]></ToUserName>\r\n\t<AgentID>1</AgentID>\n  <Encrypt>${ENCRYPT}</Encrypt>\n</xml>`)).toBe(ENCRYPT);
  });

  it('leaves every unusual form to the full parser instead of guessing', () => {
    const unusual = [
      `<?xml version="1.0"?>${WECOM_ENVELOPE}`, // declaration
      `${WECOM_ENVELOPE}\n`, // text after the root
      WECOM_ENVELOPE.replace('<AgentID>', '<!-- c --><AgentID>'), // comment
      '<xml><AgentID>1&amp;2</AgentID><Encrypt>abc</Encrypt></xml>',
      `<xml><Encrypt>${ENCRYPT}</Encrypt><Encrypt>${ENCRYPT}</Encrypt></xml>`, // repeated
      `<xml><Encrypt><![CDATA[]]></Encrypt></xml>`, // empty
      `<xml><Encrypt/></xml>`, // self-closing
      `<xml><Encrypt> ${ENCRYPT} </Encrypt></xml>`, // trimmed by the parser
      `<xml><ToUserName>测试</ToUserName><Encrypt>${ENCRYPT}</Encrypt></xml>`, // non-ASCII
      `<xml><ToUserName>a\u0001</ToUserName><Encrypt>${ENCRYPT}</Encrypt></xml>`, // control character
      `<xml><toString>x</toString><Encrypt>${ENCRYPT}</Encrypt></xml>`, // shadows Object.prototype
      `<xml><prototype>x</prototype><Encrypt>${ENCRYPT}</Encrypt></xml>`,
      `<xml><A><B>x</B></A><Encrypt>${ENCRYPT}</Encrypt></xml>`, // nested
      `<xml><A>x</B><Encrypt>${ENCRYPT}</Encrypt></xml>`, // mismatched
      `<xml>junk<Encrypt>${ENCRYPT}</Encrypt></xml>`, // mixed content
      '<xml><ToUserName>x</ToUserName></xml>', // no Encrypt
    ];
    for (const body of unusual) {
      expect(scanFlatEnvelope(body), body).toBeUndefined();
      expect(outcome(extractEncrypt, body), body).toBe(outcome(extractEncryptWithParser, body));
    }
  });

  it('agrees with the full parser on any envelope built from WeCom-like and malformed parts', () => {
    const name = fc.constantFrom('ToUserName', 'Encrypt', 'AgentID', 'A_1', 'toString', 'prototype', 'xml', 'B', 'encrypt');
    const value = fc.oneof(
      fc.constant(ENCRYPT),
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.constantFrom('', ' 1 ', '&amp;', '&lt;x', ']]>', '<B/>', 'a\r\nb', '1000002'),
    );
    const element = fc.tuple(name, value, fc.constantFrom('cdata', 'bare', 'self', 'mismatch')).map(([tag, text, form]) => {
      if (form === 'cdata') return `<${tag}><![CDATA[${text}]]></${tag}>`;
      if (form === 'bare') return `<${tag}>${text}</${tag}>`;
      if (form === 'self') return `<${tag}/>`;
      return `<${tag}>${text}</${tag}x>`;
    });
    const separator = fc.constantFrom('', '\n', ' \r\n\t', 'x', '<!--c-->');
    const body = fc
      .tuple(fc.array(fc.tuple(separator, element), { maxLength: 5 }), separator, fc.constantFrom('', '\n', '<?xml version="1.0"?>'))
      .map(([parts, tail, prolog]) => `${prolog}<xml>${parts.map(([gap, el]) => gap + el).join('')}${tail}</xml>`);

    fc.assert(
      fc.property(body, (xml) => {
        const fast = scanFlatEnvelope(xml);
        if (fast !== undefined) expect(extractEncryptWithParser(xml)).toBe(fast);
        expect(outcome(extractEncrypt, xml)).toBe(outcome(extractEncryptWithParser, xml));
      }),
      { numRuns: 3000 },
    );
  });
});
