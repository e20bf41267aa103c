import { excerptAt } from '../../errors/input-excerpt.js';
import { WeComErrorCode } from '../../errors/wecom-error-codes.js';
import { WeComProtocolError } from '../../errors/wecom-protocol.error.js';
import { skipWhitespace } from '../../xml/skip-whitespace.js';

/** The AI bot's envelope holds one member, `encrypt` (PROTOCOL.md §5.1); room for a few more. */
export const MAX_BOT_ENVELOPE_MEMBERS = 16;

/** encrypt is base64; whether it really is, is the decryption's -40010, after the signature (as in the official libraries). */
const OUTSIDE_PRINTABLE_ASCII = /[^\x20-\x7e]/;

/**
 * The AI bot's POST body `{"encrypt": "…"}` (PROTOCOL.md §5.1) → the encrypt value, exactly as the
 * signature covers it. The body is not authenticated yet, so this is a strict one-pass scan, linear
 * in the body, and JSON.parse never sees it: a flat object of at most 16 members whose values are
 * strings, numbers, true, false or null (no nested object or array), with `encrypt` once, a string
 * of printable ASCII. JSON string escapes are honoured (a `\/` in the value, an escaped key); only the strings
 * that matter are decoded. Anything else is refused with -40002 (the JSON libraries' ParseJson_Error)
 * and a message quoting at most a short, escaped excerpt.
 */
export function scanBotEnvelope(body: string): string {
  let at = skipWhitespace(body, body.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (body.charCodeAt(at) !== OPEN_BRACE) refuse(`it is not a JSON object (found ${excerptAt(body, at)})`);
  at = skipWhitespace(body, at + 1);
  let encrypt: string | undefined;
  let members = 0;
  if (body.charCodeAt(at) !== CLOSE_BRACE) {
    for (;;) {
      if (++members > MAX_BOT_ENVELOPE_MEMBERS) refuse(`it has more than ${MAX_BOT_ENVELOPE_MEMBERS} members; WeCom's envelope holds "encrypt"`);
      if (body.charCodeAt(at) !== QUOTE) refuse(`a member name is expected at character ${at} (found ${excerptAt(body, at)})`);
      const keyEnd = scanString(body, at);
      const key = decodeString(body, at, keyEnd);
      at = skipWhitespace(body, keyEnd);
      if (body.charCodeAt(at) !== COLON) refuse(`":" is expected at character ${at} (found ${excerptAt(body, at)})`);
      at = skipWhitespace(body, at + 1);
      const valueStart = at;
      at = scanValue(body, at);
      if (key === 'encrypt') {
        if (encrypt !== undefined) refuse('"encrypt" occurs more than once; the signature must cover exactly one ciphertext');
        if (body.charCodeAt(valueStart) !== QUOTE) refuse('"encrypt" is not a string');
        encrypt = decodeString(body, valueStart, at);
        if (encrypt === '') refuse('"encrypt" is empty');
        if (OUTSIDE_PRINTABLE_ASCII.test(encrypt)) refuse(`"encrypt" holds a character that is not printable ASCII, which base64 never has (found ${excerptAt(encrypt, 0)})`);
      }
      at = skipWhitespace(body, at);
      const next = body.charCodeAt(at);
      if (next === CLOSE_BRACE) break;
      if (next !== COMMA) refuse(`"," or "}" is expected at character ${at} (found ${excerptAt(body, at)})`);
      at = skipWhitespace(body, at + 1);
    }
  }
  at = skipWhitespace(body, at + 1);
  if (at !== body.length) refuse(`it has content after the object (found ${excerptAt(body, at)} at character ${at})`);
  if (encrypt === undefined) refuse('it has no "encrypt" string');
  return encrypt;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COLON = 0x3a;
const COMMA = 0x2c;

/** A JSON string starting at `at` (a quote); returns the index after its closing quote. */
function scanString(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) return i + 1;
    if (code === BACKSLASH) i++;
    else if (code < 0x20) refuse(`a string holds a control character (U+${code.toString(16).padStart(4, '0').toUpperCase()}) at character ${i}`);
  }
  return refuse('a string is not closed');
}

/** The text of the string text[start, end): as is without escapes, through JSON.parse (of that string only) with them. */
function decodeString(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end - 1);
  if (raw.indexOf('\\') === -1) return raw;
  try {
    return JSON.parse(text.slice(start, end)) as string;
  } catch {
    return refuse(`a string has an invalid escape (at character ${start})`);
  }
}

/** A string, number, true, false or null at `at`; returns its end. Objects and arrays are not WeCom's envelope. */
function scanValue(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code === QUOTE) return scanString(text, at);
  if (code === OPEN_BRACE || code === 0x5b) refuse(`a member holds an object or an array (at character ${at}); WeCom's envelope is flat`);
  for (const literal of ['true', 'false', 'null']) if (text.startsWith(literal, at)) return at + literal.length;
  let end = at;
  while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
  if (end === at) refuse(`a value is expected at character ${at} (found ${excerptAt(text, at)})`);
  return end;
}

/** `-+.eE0-9`: enough to skip a number we never read; a malformed one cannot matter, nothing reads it. */
function isNumberChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2b || code === 0x2e || code === 0x65 || code === 0x45;
}



function refuse(reason: string): never {
  throw new WeComProtocolError(WeComErrorCode.ParseXmlError, `envelope refused: ${reason}`);
}
