import type { EntityDecoderOptions } from 'fast-xml-parser';
import { WeComErrorCode } from '../errors/wecom-error-codes.js';
import { WeComProtocolError } from '../errors/wecom-protocol.error.js';

/**
 * The decoder we hand to fast-xml-parser instead of its own: it knows XML's five predefined escapes
 * (`&amp; &lt; &gt; &quot; &apos;`) and numeric character references, and nothing else.
 *
 * Why not `processEntities: false`: then `<Url>a&amp;b</Url>` would reach handlers as `a&amp;b`.
 * WeCom wraps most text in CDATA (never decoded, by XML's rules), but bare values are legal XML and
 * an encoder such as Go's `xml.Marshal` escapes `&`, `<`, `"` in them; a standard escape must give
 * back its character.
 * Why not fast-xml-parser's own decoder: with `htmlEntities: false` it leaves numeric references
 * undecoded, and with `htmlEntities: true` it also expands HTML names (`&nbsp;`), which XML lacks.
 *
 * This is not entity *expansion*: DOCTYPE is refused before parsing (xml-hardening.ts), so no
 * declared entity can exist, `addInputEntities` is never reached with anything, and the output of a
 * decode is never longer than its input. Unknown names (`&nbsp;`) and a bare `&` stay as written.
 */
const XML_ESCAPE = /&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));/g;

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEscape(match: string, name: string | undefined, decimal: string | undefined, hex: string | undefined): string {
  if (name !== undefined) return PREDEFINED[name] ?? match;
  const codePoint = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex as string, 16);
  if (!isXmlChar(codePoint)) {
    // A reference to a character XML forbids (e.g. `&#1;`) would smuggle in what the raw-text check refuses.
    throw new WeComProtocolError(WeComErrorCode.ParseXmlError, `XML refused: character reference ${match} names a character XML 1.0 does not allow`);
  }
  return String.fromCodePoint(codePoint);
}

/** XML 1.0 `Char`: tab, LF, CR, and everything from U+0020 except surrogates, U+FFFE and U+FFFF. */
function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 || cp === 0xa || cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

export const xmlEscapeDecoder: EntityDecoderOptions = {
  decode(text: string): string {
    // Most values hold no '&' at all; skip the regex for them.
    return text.indexOf('&') === -1 ? text : text.replace(XML_ESCAPE, decodeEscape);
  },
  // DOCTYPE is refused before parsing, so these never receive anything worth keeping.
  setExternalEntities(): void {},
  addInputEntities(): void {},
  reset(): void {},
  setXmlVersion(): void {},
};
