import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WeComErrorCode } from '../../src/errors/wecom-error-codes.js';
import { WeComProtocolError } from '../../src/errors/wecom-protocol.error.js';
import { scanEnvelope } from '../../src/xml/envelope.scanner.js';
import { readXmlRoot } from '../../src/xml/hardened-xml.reader.js';

const ENCRYPT = 'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';

function refusalOf(body: string): string {
  try {
    scanEnvelope(body);
  } catch (error) {
    expect(error).toBeInstanceOf(WeComProtocolError);
    expect((error as WeComProtocolError).errcode).toBe(WeComErrorCode.ParseXmlError);
    return (error as WeComProtocolError).message;
  }
  throw new Error(`accepted: ${body.slice(0, 80)}`);
}

describe('scanEnvelope: the strict scan for Encrypt before the signature', () => {
  it('reads Encrypt from the documented envelope (§3.2), whatever the element order', () => {
    const to = '<ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>';
    const agent = '<AgentID><![CDATA[218]]></AgentID>';
    const enc = `<Encrypt><![CDATA[${ENCRYPT}]]></Encrypt>`;
    for (const order of [[to, agent, enc], [to, enc, agent], [enc, to, agent], [agent, enc]]) {
      expect(scanEnvelope(`<xml>${order.join('')}</xml>`)).toBe(ENCRYPT);
    }
  });

  it('accepts the pretty-printed form, an empty or self-closing AgentID, a bare or trimmed value, a declaration and a BOM', () => {
    expect(scanEnvelope(`<xml>\n   <ToUserName><![CDATA[ww4asffe99e54c0f4c]]></ToUserName>\n   <AgentID><![CDATA[]]></AgentID>\n   <Encrypt><![CDATA[${ENCRYPT}]]></Encrypt>\n</xml>\n`)).toBe(ENCRYPT);
    expect(scanEnvelope(`<xml><AgentID/><AgentID></AgentID><Encrypt>\n  ${ENCRYPT}\n</Encrypt></xml>`)).toBe(ENCRYPT);
    expect(scanEnvelope(`<?xml version="1.0" encoding="UTF-8"?>\n<xml><Encrypt>${ENCRYPT}</Encrypt></xml>`)).toBe(ENCRYPT);
    expect(scanEnvelope(`\u00ef\u00bb\u00bf<xml><Encrypt>${ENCRYPT}</Encrypt></xml>`)).toBe(ENCRYPT);
    // Other elements' text is not the envelope's business: any CDATA (non-ASCII, markup) is skipped.
    expect(scanEnvelope(`<xml><ToUserName><![CDATA[测试 <!DOCTYPE x> & </xml>]]></ToUserName><Encrypt>${ENCRYPT}</Encrypt></xml>`)).toBe(ENCRYPT);
  });

  it.each([
    [/it is empty/, ''],
    [/it does not start with <xml> \(found "\{\\"encrypt\\":\\"RypEvHKD8QQKFhvQ6Qle"…\)/, `{"encrypt":"${ENCRYPT}"}`],
    [/it has no <Encrypt> element/, '<xml><ToUserName>x</ToUserName><AgentID>1</AgentID></xml>'],
    [/it has no <Encrypt> element/, '<xml/>'],
    [/<Encrypt> is empty/, '<xml><Encrypt><![CDATA[]]></Encrypt></xml>'],
    [/<Encrypt> is empty/, '<xml><Encrypt/></xml>'],
    [/<Encrypt> is empty/, '<xml><Encrypt>   </Encrypt></xml>'],
    [/<Encrypt> occurs more than once/, `<xml><Encrypt>${ENCRYPT}</Encrypt><Encrypt>${ENCRYPT}</Encrypt></xml>`],
    [/<Encrypt> holds elements or is not closed by <\/Encrypt>/, '<xml><Encrypt><A>1</A></Encrypt></xml>'],
    [/<A> holds elements/, `<xml><A><B>x</B></A><Encrypt>${ENCRYPT}</Encrypt></xml>`],
    [/it does not start with <xml>/, `<root><Encrypt>${ENCRYPT}</Encrypt></root>`],
    [/<Encrypt>|not closed|end of the body/, `<xml><Encrypt>${ENCRYPT}</Encrypt>`],
    [/it has content after <\/xml>/, `<xml><Encrypt>${ENCRYPT}</Encrypt></xml><xml/>`],
    [/it does not start with <xml> \(found "<!DOCTYPE x/, `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Encrypt>&e;</Encrypt></xml>`],
    [/markup that is not an element/, `<xml><!DOCTYPE x><Encrypt>${ENCRYPT}</Encrypt></xml>`],
    [/markup that is not an element/, `<xml><!-- c --><Encrypt>${ENCRYPT}</Encrypt></xml>`],
    [/<Encrypt> has attributes/, `<xml><Encrypt a="1">${ENCRYPT}</Encrypt></xml>`],
    [/text beside the elements/, `<xml>junk<Encrypt>${ENCRYPT}</Encrypt></xml>`],
    [/holds an entity or a bare "&"/, '<xml><Encrypt>a&amp;b</Encrypt></xml>'],
    [/control character \(U\+0000\) at character 15/, '<xml><Encrypt>a\u0000b</Encrypt></xml>'],
    [/<Encrypt> holds a character that is not printable ASCII/, `<xml><Encrypt><![CDATA[${ENCRYPT}\n]]></Encrypt></xml>`],
    [/<Encrypt> holds a character that is not printable ASCII, which base64 never has \(found "Ã\(ÿþ"\)/, '<xml><Encrypt>\u00c3(\u00ff\u00fe</Encrypt></xml>'],
    [/more than 16 elements/, `<xml>${'<A/>'.repeat(17)}<Encrypt>${ENCRYPT}</Encrypt></xml>`],
  ])('refuses with %s', (reason, body) => {
    expect(refusalOf(body)).toMatch(reason);
  });

  it('never quotes more than a short excerpt of the body, however large the offending part', () => {
    const hugeName = `<xml><${'a'.repeat(1 << 20)}>x</${'a'.repeat(1 << 20)}></xml>`;
    const hugeText = `<xml>${'j'.repeat(1 << 20)}<Encrypt>${ENCRYPT}</Encrypt></xml>`;
    const hugeDoctype = `<!DOCTYPE ${'x'.repeat(1 << 20)}>`;
    for (const body of [hugeName, hugeText, hugeDoctype]) {
      const message = refusalOf(body);
      expect(message.length).toBeLessThan(300);
    }
    expect(refusalOf(hugeName)).toMatch(/element name longer than 64 characters \(found "a{32}"…/);
  });

  it('gives the value the hardened XML reader gives, on any envelope it accepts (property)', () => {
    const name = fc.constantFrom('ToUserName', 'Encrypt', 'AgentID', 'A_1', 'B.c', 'x-y', 'encrypt');
    const value = fc.oneof(fc.constant(ENCRYPT), fc.stringMatching(/^[A-Za-z0-9+/]{1,12}={0,2}$/), fc.string({ maxLength: 12 }), fc.constantFrom('', ' 1 ', ']]>', '1000002', '测试'));
    const element = fc.tuple(name, value, fc.constantFrom('cdata', 'bare', 'self')).map(([tag, text, form]) => {
      if (form === 'self') return `<${tag}/>`;
      return form === 'cdata' ? `<${tag}><![CDATA[${text.replaceAll(']]>', '')}]]></${tag}>` : `<${tag}>${text.replace(/[<&]/g, '')}</${tag}>`;
    });
    const gap = fc.constantFrom('', '\n', ' \r\n\t');
    const body = fc
      .tuple(fc.array(fc.tuple(gap, element), { maxLength: 6 }), gap, fc.constantFrom('', '<?xml version="1.0"?>'))
      .map(([parts, tail, prolog]) => `${prolog}<xml>${parts.map(([g, el]) => g + el).join('')}${tail}</xml>`);
    let accepted = 0;
    fc.assert(
      fc.property(body, (xml) => {
        let scanned: string;
        try {
          scanned = scanEnvelope(xml);
        } catch {
          return;
        }
        accepted++;
        const parsed = readXmlRoot(xml, 'envelope').Encrypt;
        expect(parsed).toBe(scanned);
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(300);
  });
});
