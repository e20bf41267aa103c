/**
 * The fast path of extractEncrypt: reads `Encrypt` from the envelope exactly as WeCom sends it
 * (PROTOCOL.md §3.2: `<xml>` holding a few flat elements, values in CDATA or bare ASCII), in one pass
 * over character codes, without the validator + parser pass that costs ~12 µs per request for a
 * 600-byte body (~22 µs for 2.5 KB). Linear in the body with a small constant, and it allocates only
 * the Encrypt value and the few element names: cheap enough to run before the signature check.
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
  // WeCom's compact envelope is printable ASCII throughout: one native pass proves it, and then no
  // value needs a character check of its own. Anything else (pretty-printed, say) checks each value.
  const compact = !NOT_PRINTABLE_ASCII.test(body);
  // The names seen so far; an envelope has three or four, so a list beats a Set (and is capped).
  const seen: string[] = [];
  let encrypt: string | undefined;
  let at = '<xml>'.length;
  for (;;) {
    // Whitespace between elements.
    let code = body.charCodeAt(at);
    while (at < end && (code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d)) code = body.charCodeAt(++at);
    if (at >= end) break;

    // <Name>, with Name = [A-Za-z][A-Za-z0-9_]*
    if (code !== LT) return undefined;
    const nameStart = at + 1;
    let nameEnd = nameStart;
    code = body.charCodeAt(nameEnd);
    if (!isLetter(code)) return undefined;
    do code = body.charCodeAt(++nameEnd);
    while (isLetter(code) || (code >= 0x30 && code <= 0x39) || code === 0x5f);
    if (code !== GT || nameEnd >= end) return undefined;
    const name = body.slice(nameStart, nameEnd);
    // Names that shadow Object.prototype are refused by the full path; repeats become arrays there.
    if (UNSAFE_NAMES.has(name) || seen.includes(name) || seen.length === MAX_ELEMENTS) return undefined;
    seen.push(name);

    // CDATA or a bare value: printable ASCII only (U+0020..U+007E); a bare one also without & < > and
    // without space at its edges (the full path trims those), and not empty.
    let valueStart = nameEnd + 1;
    let valueEnd: number;
    let closeAt: number;
    if (body.startsWith('<![CDATA[', valueStart)) {
      valueStart += '<![CDATA['.length;
      valueEnd = body.indexOf(']]>', valueStart);
      if (valueEnd === -1 || valueEnd > end) return undefined;
      if (!compact && NOT_PRINTABLE_ASCII.test(body.slice(valueStart, valueEnd))) return undefined;
      closeAt = valueEnd + ']]>'.length;
    } else {
      valueEnd = valueStart;
      for (;;) {
        code = body.charCodeAt(valueEnd);
        if (code === LT || valueEnd >= end) break;
        if (code < 0x20 || code > 0x7e || code === AMP || code === GT) return undefined;
        valueEnd++;
      }
      if (valueEnd === valueStart || body.charCodeAt(valueStart) === SPACE || body.charCodeAt(valueEnd - 1) === SPACE) return undefined;
      closeAt = valueEnd;
    }

    // </Name>
    if (body.charCodeAt(closeAt) !== LT || body.charCodeAt(closeAt + 1) !== SLASH || !body.startsWith(name, closeAt + 2)) return undefined;
    const gt = closeAt + 2 + name.length;
    if (gt >= end || body.charCodeAt(gt) !== GT) return undefined;
    at = gt + 1;
    if (name === 'Encrypt') encrypt = body.slice(valueStart, valueEnd);
  }
  // No Encrypt, or an empty one: the full path says which.
  return encrypt === '' ? undefined : encrypt;
}

/** Outside U+0020..U+007E (a regex scans faster than a JS loop over a 3 KB ciphertext). */
const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/;
/** More elements than any WeCom envelope has: leave it to the full path rather than track them all. */
const MAX_ELEMENTS = 16;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const AMP = 0x26;
const SPACE = 0x20;

/** Every Object.prototype member and `prototype`: the full path refuses or treats them specially. */
const UNSAFE_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

function isLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}
