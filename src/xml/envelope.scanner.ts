import { WeComErrorCode } from '../errors/wecom-error-codes.js';
import { excerptAt } from '../errors/input-excerpt.js';
import { WeComProtocolError } from '../errors/wecom-protocol.error.js';
import { skipWhitespace } from './skip-whitespace.js';

/** WeCom's envelope holds ToUserName, AgentID and Encrypt (PROTOCOL.md §3.2); room for a few more. */
export const MAX_ENVELOPE_ELEMENTS = 16;
/** WeCom's element names are ~10 characters. */
export const MAX_ENVELOPE_NAME = 64;

const FORBIDDEN_CONTROL_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;
/** Encrypt is base64; whether it really is, is the decryption's -40010, after the signature (as in the official libraries). */
const OUTSIDE_PRINTABLE_ASCII = /[^\x20-\x7e]/;

/**
 * The POST body of the XML families (PROTOCOL.md §3.2) → the `Encrypt` value, exactly as the
 * signature covers it. The body is not authenticated yet, so this is a strict scan of WeCom's shape
 * in one pass, in time linear in the body, building nothing but the Encrypt string; no XML parser
 * runs on it (a general parse of a hostile 1 MiB body cost ~1 s of CPU):
 *
 *   [<?xml …?>] <xml> ( <Name>value</Name> | <Name/> )* </xml>     (whitespace allowed between)
 *
 * where a value is a CDATA section or bare text without `<` and `&`, names are `[A-Za-z_][A-Za-z0-9_.-]*`,
 * at most 16 elements, and Encrypt occurs once, holding printable ASCII (bare values are trimmed,
 * CDATA is taken as is; whether it is base64 is the decryption's -40010, after the signature). Element order is free ("extract by name"). Anything else (a DOCTYPE, a comment, an
 * attribute, a nested element, text beside the elements, a control character) is refused with
 * -40002 and a message quoting at most a short, escaped excerpt of the body.
 *
 * The body arrives decoded as latin1 (one character per byte, no UTF-8 decoding of untrusted input):
 * Encrypt is base64, so any non-ASCII byte inside it is refused like any other wrong character.
 */
export function scanEnvelope(body: string): string {
  if (body.length === 0) refuse('it is empty');
  const control = body.search(FORBIDDEN_CONTROL_CHAR);
  if (control !== -1) refuse(`it contains a control character (U+${body.charCodeAt(control).toString(16).padStart(4, '0').toUpperCase()}) at character ${control}`);

  let at = skipWhitespace(body, skipBom(body));
  if (body.startsWith('<?xml', at)) {
    const end = body.indexOf('?>', at);
    if (end === -1 || end - at > 256) refuse(`its XML declaration is not closed within 256 characters (at character ${at})`);
    at = skipWhitespace(body, end + 2);
  }
  if (body.startsWith('<xml/>', at)) refuse('it has no <Encrypt> element');
  if (!body.startsWith('<xml>', at)) refuse(`it does not start with <xml> (found ${excerptAt(body, at)})`);
  at += '<xml>'.length;

  let encrypt: string | undefined;
  let elements = 0;
  for (;;) {
    at = skipWhitespace(body, at);
    if (body.startsWith('</xml>', at)) break;
    if (body.charCodeAt(at) !== LT) refuse(`it has text beside the elements of <xml> (found ${excerptAt(body, at)} at character ${at})`);
    const nameStart = at + 1;
    const nameEnd = scanName(body, nameStart);
    if (nameEnd === nameStart) refuse(`it holds markup that is not an element (found ${excerptAt(body, at)} at character ${at}); DOCTYPE, comments and processing instructions are not part of WeCom's envelope`);
    if (++elements > MAX_ENVELOPE_ELEMENTS) refuse(`it has more than ${MAX_ENVELOPE_ELEMENTS} elements; WeCom's envelope holds ToUserName, AgentID and Encrypt`);
    const name = body.slice(nameStart, nameEnd);

    if (body.startsWith('/>', nameEnd)) {
      if (name === 'Encrypt') refuse('<Encrypt> is empty');
      at = nameEnd + 2;
      continue;
    }
    if (body.charCodeAt(nameEnd) !== GT) refuse(`<${name}> has attributes or is not closed (found ${excerptAt(body, nameEnd)} at character ${nameEnd})`);

    const contentStart = nameEnd + 1;
    let value: string | undefined;
    let valueEnd: number;
    if (body.startsWith('<![CDATA[', contentStart)) {
      const dataStart = contentStart + '<![CDATA['.length;
      const dataEnd = body.indexOf(']]>', dataStart);
      if (dataEnd === -1) refuse(`the CDATA section of <${name}> is not closed`);
      if (name === 'Encrypt') value = body.slice(dataStart, dataEnd);
      valueEnd = skipWhitespace(body, dataEnd + ']]>'.length);
    } else {
      valueEnd = body.indexOf('<', contentStart);
      if (valueEnd === -1) refuse(`<${name}> is not closed`);
      const ampersand = body.indexOf('&', contentStart);
      if (ampersand !== -1 && ampersand < valueEnd) refuse(`<${name}> holds an entity or a bare "&" (at character ${ampersand}); WeCom sends text in CDATA`);
      if (name === 'Encrypt') value = body.slice(contentStart, valueEnd).trim();
    }
    if (!body.startsWith('</', valueEnd) || !body.startsWith(name, valueEnd + 2) || body.charCodeAt(valueEnd + 2 + name.length) !== GT) {
      refuse(`<${name}> holds elements or is not closed by </${name}> (found ${excerptAt(body, valueEnd)} at character ${valueEnd})`);
    }
    at = valueEnd + 3 + name.length;

    if (name === 'Encrypt') {
      if (encrypt !== undefined) refuse('<Encrypt> occurs more than once; the signature must cover exactly one ciphertext');
      if (value === '') refuse('<Encrypt> is empty');
      if (OUTSIDE_PRINTABLE_ASCII.test(value as string)) refuse(`<Encrypt> holds a character that is not printable ASCII, which base64 never has (found ${excerptAt(value as string, 0)})`);
      encrypt = value;
    }
  }
  at = skipWhitespace(body, at + '</xml>'.length);
  if (at !== body.length) refuse(`it has content after </xml> (found ${excerptAt(body, at)} at character ${at})`);
  if (encrypt === undefined) refuse('it has no <Encrypt> element');
  return encrypt;
}

const LT = 0x3c;
const GT = 0x3e;

/** The name at `at`, up to MAX_ENVELOPE_NAME characters; returns its end (`at` when there is none). */
function scanName(text: string, at: number): number {
  let end = at;
  for (;;) {
    const code = text.charCodeAt(end);
    const letter = (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
    const other = end > at && ((code >= 0x30 && code <= 0x39) || code === 0x2e || code === 0x2d);
    if (!letter && !other) return end;
    if (++end - at > MAX_ENVELOPE_NAME) {
      refuse(`it has an element name longer than ${MAX_ENVELOPE_NAME} characters (found ${excerptAt(text, at)} at character ${at})`);
    }
  }
}


/** A UTF-8 byte order mark, as decoded (U+FEFF) or read as latin1 (ï»¿). */
function skipBom(text: string): number {
  if (text.charCodeAt(0) === 0xfeff) return 1;
  return text.startsWith('\u00ef\u00bb\u00bf') ? 3 : 0;
}


function refuse(reason: string): never {
  throw new WeComProtocolError(WeComErrorCode.ParseXmlError, `envelope refused: ${reason}`);
}
