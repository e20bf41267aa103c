/**
 * The ideal pipeline's plaintext reader: WeCom's subset and nothing else (no fallback; anything it
 * does not know is refused). `<xml>` around elements holding CDATA sections, bare text without markup
 * characters, or more elements; `<A/>` and `<A></A>` are ''. A repeated element becomes an array, and
 * so do the few WeCom always repeats (ExtAttr.Item, PicList.item, MemChangeList.Item …), even once.
 * Refused: any `<!` other than CDATA (so DOCTYPE, ENTITY, comments), `<?`, attributes, escapes,
 * text beside elements, Object.prototype names and `prototype`, C0 controls, more than 32 levels.
 * Written independently of src/xml, from PROTOCOL.md §4.
 */
const FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\r]/;
const UNSAFE = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);
/** Parent name → child names that are always arrays. */
const ALWAYS_ARRAY: Record<string, string> = { ExtAttr: 'Item', PicList: 'item', MemChangeList: 'Item', Articles: 'item' };
const MAX_DEPTH = 32;

export function scanPlaintext(xml: string): Record<string, unknown> | undefined {
  if (!xml.startsWith('<xml>') || FORBIDDEN.test(xml)) return undefined;
  const root: Record<string, unknown> = {};
  const state = { at: 5 };
  if (!readChildren(xml, state, 'xml', root, 1)) return undefined;
  return state.at === xml.length ? root : undefined;
}

function readChildren(xml: string, state: { at: number }, parent: string, into: Record<string, unknown>, depth: number): boolean {
  let at = state.at;
  for (;;) {
    let code = xml.charCodeAt(at);
    while (code === 0x20 || code === 0x0a || code === 0x09) code = xml.charCodeAt(++at);
    if (code !== 0x3c) return false;
    if (xml.charCodeAt(at + 1) === 0x2f) {
      // </parent>
      if (!xml.startsWith(parent, at + 2) || xml.charCodeAt(at + 2 + parent.length) !== 0x3e) return false;
      state.at = at + 3 + parent.length;
      return true;
    }
    if (depth + 1 > MAX_DEPTH) return false;
    const nameStart = at + 1;
    let nameEnd = nameStart;
    for (;;) {
      code = xml.charCodeAt(nameEnd);
      if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f || (nameEnd > nameStart && code >= 0x30 && code <= 0x39)) nameEnd++;
      else break;
    }
    if (nameEnd === nameStart) return false;
    const name = xml.slice(nameStart, nameEnd);
    if (UNSAFE.has(name)) return false;
    let value: unknown;
    if (code === 0x2f) {
      if (xml.charCodeAt(nameEnd + 1) !== 0x3e) return false;
      value = '';
      at = nameEnd + 2;
    } else {
      if (code !== 0x3e) return false;
      at = nameEnd + 1;
      if (xml.startsWith('</', at)) {
        value = '';
      } else if (xml.startsWith('<![CDATA[', at)) {
        value = '';
        while (xml.startsWith('<![CDATA[', at)) {
          const close = xml.indexOf(']]>', at + 9);
          if (close === -1) return false;
          value += xml.slice(at + 9, close);
          at = close + 3;
        }
      } else if (xml.charCodeAt(at) === 0x3c) {
        const child: Record<string, unknown> = {};
        state.at = at;
        if (!readChildren(xml, state, name, child, depth + 1)) return false;
        value = child;
        at = state.at;
      } else {
        const textEnd = xml.indexOf('<', at);
        if (textEnd === -1) return false;
        const text = xml.slice(at, textEnd);
        if (text.includes('&') || text.includes('>') || text.trim() !== text) return false;
        value = text;
        at = textEnd;
      }
      if (typeof value === 'string') {
        if (!xml.startsWith(name, at + 2) || xml.charCodeAt(at) !== 0x3c || xml.charCodeAt(at + 1) !== 0x2f || xml.charCodeAt(at + 2 + name.length) !== 0x3e) return false;
        at += 3 + name.length;
      }
    }
    const existing = into[name];
    if (existing === undefined) into[name] = ALWAYS_ARRAY[parent] === name ? [value] : value;
    else if (Array.isArray(existing)) existing.push(value);
    else into[name] = [existing, value];
  }
}
