import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WeComErrorCode } from '../../../src/errors/wecom-error-codes.js';
import { WeComProtocolError } from '../../../src/errors/wecom-protocol.error.js';
import { scanBotEnvelope } from '../../../src/families/bot/bot-envelope.scanner.js';

const ENCRYPT = 'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3Qcz==';

function refusalOf(body: string): string {
  try {
    scanBotEnvelope(body);
  } catch (error) {
    expect(error).toBeInstanceOf(WeComProtocolError);
    expect((error as WeComProtocolError).errcode).toBe(WeComErrorCode.ParseXmlError);
    return (error as WeComProtocolError).message;
  }
  throw new Error(`accepted: ${body.slice(0, 80)}`);
}

describe('scanBotEnvelope: the strict scan for "encrypt" before the signature', () => {
  it('reads the AI bot envelope (§5.1), compact or pretty, with other flat members and JSON escapes', () => {
    expect(scanBotEnvelope(`{"encrypt":"${ENCRYPT}"}`)).toBe(ENCRYPT);
    expect(scanBotEnvelope(`\n{ "encrypt" : "${ENCRYPT}" }\n`)).toBe(ENCRYPT);
    expect(scanBotEnvelope(`{"aibotid":"A","n":-1.5e3,"ok":true,"x":null,"encrypt":"${ENCRYPT}"}`)).toBe(ENCRYPT);
    // PHP's json_encode writes `\/`; an escaped key is the same key.
    expect(scanBotEnvelope(`{"encrypt":"${ENCRYPT.replaceAll('/', '\\/')}"}`)).toBe(ENCRYPT);
    expect(scanBotEnvelope(`{"encr\\u0079pt":"${ENCRYPT}"}`)).toBe(ENCRYPT);
  });

  it.each([
    [/it is not a JSON object \(found "<xml>/, `<xml><Encrypt>${ENCRYPT}</Encrypt></xml>`],
    [/it is not a JSON object \(found the end of the body\)/, ''],
    [/it has no "encrypt" string/, '{}'],
    [/it has no "encrypt" string/, '{"Encrypt":"abc"}'],
    [/"encrypt" is not a string/, '{"encrypt":123}'],
    [/"encrypt" is empty/, '{"encrypt":""}'],
    [/"encrypt" holds a character that is not printable ASCII/, '{"encrypt":"a\u00e9b"}'],
    [/"encrypt" occurs more than once/, `{"encrypt":"${ENCRYPT}","encrypt":"${ENCRYPT}"}`],
    [/holds an object or an array/, `{"x":{"encrypt":"${ENCRYPT}"},"encrypt":"${ENCRYPT}"}`],
    [/holds an object or an array/, `{"encrypt":["${ENCRYPT}"]}`],
    [/content after the object/, `{"encrypt":"${ENCRYPT}"} {}`],
    [/a string is not closed/, '{"encrypt":"abc'],
    [/"," or "}" is expected/, `{"encrypt":"${ENCRYPT}" "x":1}`],
    [/control character \(U\+0001\)/, '{"encrypt":"a\u0001b"}'],
    [/invalid escape/, '{"encrypt":"\\q"}'],
    [/more than 16 members/, `{${Array.from({ length: 17 }, (_, i) => `"k${i}":1`).join(',')},"encrypt":"${ENCRYPT}"}`],
  ])('refuses with %s', (reason, body) => {
    expect(refusalOf(body)).toMatch(reason);
  });

  it('stays short and linear on a hostile megabyte', () => {
    const nested = `{"a":${'['.repeat(1 << 20)}`;
    const manyKeys = `{${Array.from({ length: 100_000 }, (_, i) => `"k${i}":1`).join(',')}}`;
    const hugeString = `{"x":"${'\\"'.repeat(1 << 19)}`;
    for (const body of [nested, manyKeys, hugeString]) expect(refusalOf(body).length).toBeLessThan(300);
  });

  it('gives the value JSON.parse gives, on any envelope it accepts (property)', () => {
    const key = fc.constantFrom('encrypt', 'aibotid', 'msgsignature', 'x', 'encr\\u0079pt');
    const value = fc.oneof(
      fc.constant(`"${ENCRYPT}"`),
      fc.json().filter((json) => !json.startsWith('{') && !json.startsWith('[')),
      fc.constantFrom('"a\\/b"', '""', '1e5', 'true', 'null'),
    );
    const body = fc.array(fc.tuple(key, value, fc.constantFrom('', ' ', '\n')), { maxLength: 5 }).map((members) => `{${members.map(([k, v, gap]) => `${gap}"${k}":${gap}${v}`).join(',')}}`);
    let accepted = 0;
    fc.assert(
      fc.property(body, (json) => {
        let scanned: string;
        try {
          scanned = scanBotEnvelope(json);
        } catch {
          return;
        }
        accepted++;
        expect((JSON.parse(json) as { encrypt: unknown }).encrypt).toBe(scanned);
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(200);
  });
});
