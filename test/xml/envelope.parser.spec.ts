import { describe, expect, it } from 'vitest';
import { WeComErrorCode } from '../../src/errors/wecom-error-codes.js';
import { WeComProtocolError } from '../../src/errors/wecom-protocol.error.js';
import { extractEncrypt } from '../../src/xml/envelope.parser.js';

const ENCRYPT = 'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';

function expectRefused(body: string, reason: RegExp): void {
  let caught: unknown;
  try {
    extractEncrypt(body);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(WeComProtocolError);
  expect((caught as WeComProtocolError).errcode).toBe(WeComErrorCode.ParseXmlError);
  expect((caught as WeComProtocolError).message).toMatch(reason);
}

describe('extractEncrypt', () => {
  it('reads Encrypt from the documented envelope (§3.2), whatever the element order', () => {
    const to = '<ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>';
    const agent = '<AgentID><![CDATA[218]]></AgentID>';
    const enc = `<Encrypt><![CDATA[${ENCRYPT}]]></Encrypt>`;
    for (const order of [[to, agent, enc], [to, enc, agent], [enc, to, agent], [agent, enc]]) {
      expect(extractEncrypt(`<xml>${order.join('')}</xml>`)).toBe(ENCRYPT);
    }
  });

  it('accepts the pretty-printed form with an empty AgentID (instruction callbacks) and a bare value', () => {
    expect(extractEncrypt(`<xml>\n   <ToUserName><![CDATA[ww4asffe99e54c0f4c]]></ToUserName>\n   <AgentID><![CDATA[]]></AgentID>\n   <Encrypt><![CDATA[${ENCRYPT}]]></Encrypt>\n</xml>\n`)).toBe(ENCRYPT);
    expect(extractEncrypt(`<xml><Encrypt>\n  ${ENCRYPT}\n</Encrypt></xml>`)).toBe(ENCRYPT);
  });

  it('refuses a body without Encrypt, or with an empty one', () => {
    expectRefused('<xml><ToUserName>x</ToUserName><AgentID>1</AgentID></xml>', /no <Encrypt> element/);
    expectRefused('<xml><Encrypt><![CDATA[]]></Encrypt></xml>', /<Encrypt> is empty/);
    expectRefused('<xml><Encrypt/></xml>', /<Encrypt> is empty/);
    expectRefused('<xml><Encrypt>   </Encrypt></xml>', /<Encrypt> is empty/);
    expectRefused('<xml/>', /no <Encrypt> element/);
  });

  it('refuses a repeated or nested Encrypt', () => {
    expectRefused(`<xml><Encrypt>${ENCRYPT}</Encrypt><Encrypt>other</Encrypt></xml>`, /<Encrypt> occurs 2 times/);
    expectRefused('<xml><Encrypt><A>1</A></Encrypt></xml>', /holds elements/);
  });

  it('refuses a body that is not an <xml> document', () => {
    expectRefused('', /empty/);
    expectRefused(`{"encrypt":"${ENCRYPT}"}`, /not well-formed/);
    expectRefused(`<root><Encrypt>${ENCRYPT}</Encrypt></root>`, /root element is <root>/);
    expectRefused(`<xml><Encrypt>${ENCRYPT}</Encrypt>`, /not well-formed/);
    // fast-xml-parser's validator accepts a self-closing second root; the root check catches it.
    expectRefused(`<xml><Encrypt>${ENCRYPT}</Encrypt></xml><xml/>`, /it has 2 <xml> roots/);
    expectRefused(`<xml><Encrypt>${ENCRYPT}</Encrypt></xml><Other/>`, /root element is <xml>, <Other>/);
  });

  it('applies the same hardening as the callback parser', () => {
    expectRefused(`<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Encrypt>&e;</Encrypt></xml>`, /markup declaration/);
    expectRefused(`<xml><__proto__><Encrypt>x</Encrypt></__proto__></xml>`, /Invalid name/);
    expectRefused(`<xml><Encrypt>a\u0000b</Encrypt></xml>`, /control character/);
    expect(({} as Record<string, unknown>).Encrypt).toBeUndefined();
  });
});
