/**
 * The fast path of extractEncrypt: reads `Encrypt` from the envelope exactly as WeCom sends it
 * (PROTOCOL.md §3.2: `<xml>` holding a few flat elements, values in CDATA or bare ASCII), without the
 * validator + parser pass that costs ~12 µs per request for a 600-byte body (~22 µs for 2.5 KB).
 *
 * It accepts only a strict subset of what the full path (hardened-xml.reader.ts) accepts, and gives
 * the same value for it: anything else — a declaration, a comment, an entity, a self-closing or
 * repeated element, a non-ASCII or control character, whitespace inside a bare value, text after the
 * root — returns `undefined`, and the caller runs the full path, which either accepts it or refuses it
 * with its usual message. So no check is skipped; only the common case skips the general parser.
 * test/xml/flat-envelope.scanner.spec.ts holds the two paths to the same answers.
 */
export function scanFlatEnvelope(body: string): string | undefined {
  if (!body.startsWith('<xml>') || !body.endsWith('</xml>')) return undefined;
  const end = body.length - '</xml>'.length;
  const seen = new Set<string>();
  let encrypt: string | undefined;
  let at = '<xml>'.length;
  for (;;) {
    at = skipWhitespace(body, at, end);
    if (at === end) break;
    // <Name>
    if (body.charCodeAt(at) !== LT) return undefined;
    const nameStart = at + 1;
    let nameEnd = nameStart;
    while (nameEnd < end && isNameChar(body.charCodeAt(nameEnd), nameEnd === nameStart)) nameEnd++;
    if (nameEnd === nameStart || body.charCodeAt(nameEnd) !== GT) return undefined;
    const name = body.slice(nameStart, nameEnd);
    // Names that shadow Object.prototype are refused by the full path; repeats become arrays there.
    if (name in Object.prototype || name === 'prototype' || seen.has(name)) return undefined;
    seen.add(name);

    // CDATA or a bare value, then </Name>.
    let value: string;
    let valueEnd: number;
    const contentStart = nameEnd + 1;
    if (body.startsWith('<![CDATA[', contentStart)) {
      const dataStart = contentStart + '<![CDATA['.length;
      const dataEnd = body.indexOf(']]>', dataStart);
      if (dataEnd === -1 || dataEnd > end || !isPrintableAscii(body, dataStart, dataEnd, false)) return undefined;
      value = body.slice(dataStart, dataEnd);
      valueEnd = dataEnd + ']]>'.length;
    } else {
      valueEnd = body.indexOf('<', contentStart);
      if (valueEnd === -1 || valueEnd > end || !isPrintableAscii(body, contentStart, valueEnd, true)) return undefined;
      value = body.slice(contentStart, valueEnd);
      // The full path trims bare values; leave those (and empty ones) to it.
      if (value === '' || value.charCodeAt(0) === SPACE || value.charCodeAt(value.length - 1) === SPACE) return undefined;
    }
    const close = `</${name}>`;
    if (!body.startsWith(close, valueEnd) || valueEnd + close.length > end) return undefined;
    at = valueEnd + close.length;
    if (name === 'Encrypt') encrypt = value;
  }
  // No Encrypt, or an empty one: the full path says which.
  return encrypt === '' ? undefined : encrypt;
}

const LT = 0x3c;
const GT = 0x3e;
const SPACE = 0x20;

function skipWhitespace(text: string, at: number, end: number): number {
  while (at < end) {
    const code = text.charCodeAt(at);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) break;
    at++;
  }
  return at;
}

/** `[A-Za-z][A-Za-z0-9_]*`: every name WeCom uses, and valid XML names without a colon. */
function isNameChar(code: number, first: boolean): boolean {
  if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) return true;
  return !first && ((code >= 0x30 && code <= 0x39) || code === 0x5f);
}

/** U+0020..U+007E only; a bare value also excludes the markup characters `& < >`. (A regex scans faster than a JS loop.) */
const OUTSIDE_PRINTABLE_ASCII = /[^\x20-\x7e]/;
const OUTSIDE_BARE_VALUE = /[^\x20-\x25\x27-\x3b\x3d\x3f-\x7e]/;

function isPrintableAscii(text: string, from: number, to: number, bare: boolean): boolean {
  return !(bare ? OUTSIDE_BARE_VALUE : OUTSIDE_PRINTABLE_ASCII).test(text.slice(from, to));
}
