import { MAX_XML_DEPTH } from './hardened-xml.reader.js';
import { REPEATED_ELEMENT_PATHS } from './repeated-elements.js';

/**
 * The fast path of parseCallbackXml: reads a decrypted callback (PROTOCOL.md §4) written the way WeCom
 * writes it — `<xml>` around elements that hold either one value (CDATA sections, or bare text without
 * markup characters) or more elements (ExtAttr items, PicList items, ScanCodeInfo, SendLocationInfo,
 * approval trees) — in one pass over character codes, without the validator + parser passes that cost
 * ~20 µs for a text message and ~120 µs for a 2.5 KB contact event.
 *
 * It accepts only a strict subset of what the full path (hardened-xml.reader.ts) accepts and builds the
 * same object for it: strings as sent, the repeated elements of repeated-elements.ts as arrays, any
 * other repeat as an array, keys in document order. Anything else returns `undefined` and the caller
 * runs the full path, which either accepts it or refuses it with its usual errcode and message:
 * a declaration, DOCTYPE or comment, an attribute, an entity or a `>` in bare text, text beside
 * elements, whitespace around a value, a name outside `[A-Za-z_][A-Za-z0-9_]*` or one that shadows
 * Object.prototype (`__proto__`, `constructor`, `toString`…) or is `prototype`, a control character,
 * nesting deeper than MAX_XML_DEPTH, a mismatched or unclosed tag, anything before `<xml>` or after
 * `</xml>`. So it never accepts what the library refuses; it only skips the general parser in the
 * common case. test/xml/callback-xml.scanner.spec.ts holds the two paths to the same answer.
 */
export function scanCallbackXml(xml: string): Record<string, unknown> | undefined {
  if (typeof xml !== 'string' || !xml.startsWith('<xml>') || !xml.endsWith('</xml>')) return undefined;
  if (FORBIDDEN_CONTROL_CHAR.test(xml)) return undefined;
  // fast-xml-parser normalises line ends before parsing (XML 1.0 §2.11); so must we, to give the same strings.
  const text = xml.indexOf('\r') === -1 ? xml : xml.replace(CRLF, '\n');
  const scanner = new Scanner(text);
  const root: Record<string, unknown> = {};
  const end = scanner.children(ROOT_PATHS, 'xml', 5, 1, root);
  return end === text.length ? root : undefined;
}

/** C0 controls other than tab, LF and CR: the full path refuses them (so we leave them to it). */
const FORBIDDEN_CONTROL_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;
const CRLF = /\r\n?/g;

/** Names the full path refuses or would let shadow a built-in: every Object.prototype member, and `prototype`. */
const UNSAFE_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** The repeated paths as a trie from `xml`, walked beside the scan so no jPath string is ever built. */
interface PathNode {
  repeated: boolean;
  readonly children: Map<string, PathNode>;
}
const ROOT_PATHS: PathNode = { repeated: false, children: new Map() };
for (const path of REPEATED_ELEMENT_PATHS) {
  let node = ROOT_PATHS;
  for (const segment of path.split('.').slice(1)) {
    let child = node.children.get(segment);
    if (!child) node.children.set(segment, (child = { repeated: false, children: new Map() }));
    node = child;
  }
  node.repeated = true;
}

const FAIL = -1;
const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;

class Scanner {
  constructor(private readonly xml: string) {}

  /**
   * The elements inside `<name>`, from `at` (just after its `>`) to its `</name>`, into `into`.
   * Returns the index after `</name>`, or FAIL to fall back.
   */
  children(paths: PathNode | undefined, name: string, at: number, depth: number, into: Record<string, unknown>): number {
    const xml = this.xml;
    for (;;) {
      at = skipWhitespace(xml, at);
      if (xml.charCodeAt(at) !== LT) return FAIL;
      const next = xml.charCodeAt(at + 1);
      if (next === SLASH) return this.close(name, at);
      if (!isNameStart(next)) return FAIL; // a declaration, comment, CDATA or PI where an element belongs
      at = this.element(paths, at, depth + 1, into);
      if (at === FAIL) return FAIL;
    }
  }

  /** One child element starting at its `<`; stores its value in `into` and returns the index after it. */
  private element(parentPaths: PathNode | undefined, at: number, depth: number, into: Record<string, unknown>): number {
    if (depth > MAX_XML_DEPTH) return FAIL;
    const xml = this.xml;
    const nameStart = at + 1;
    let nameEnd = nameStart + 1;
    while (isNameChar(xml.charCodeAt(nameEnd))) nameEnd++;
    const name = xml.slice(nameStart, nameEnd);
    if (UNSAFE_NAMES.has(name)) return FAIL;
    const paths = parentPaths?.children.get(name);

    let value: unknown;
    let code = xml.charCodeAt(nameEnd);
    if (code === SLASH) {
      // `<Name/>`: an empty element, '' as in the full path.
      if (xml.charCodeAt(nameEnd + 1) !== GT) return FAIL;
      value = '';
      at = nameEnd + 2;
    } else if (code === GT) {
      const contentStart = nameEnd + 1;
      code = xml.charCodeAt(contentStart);
      if (code === LT) {
        const after = xml.charCodeAt(contentStart + 1);
        if (after === SLASH) {
          value = '';
          at = this.close(name, contentStart);
        } else if (after === BANG) {
          value = this.cdata(contentStart);
          if (value === undefined) return FAIL;
          at = this.close(name, this.cdataEnd);
        } else if (isNameStart(after)) {
          const object: Record<string, unknown> = {};
          value = object;
          at = this.children(paths, name, contentStart, depth, object);
        } else {
          return FAIL;
        }
      } else {
        // Bare text up to the next `<`: kept only when the full path would keep it as is (no escapes to
        // decode, nothing to trim, no markup character).
        const textEnd = xml.indexOf('<', contentStart);
        if (textEnd === -1) return FAIL;
        const text = xml.slice(contentStart, textEnd);
        if (text.indexOf('&') !== -1 || text.indexOf('>') !== -1 || text.trim().length !== text.length) return FAIL;
        value = text;
        at = this.close(name, textEnd);
      }
    } else {
      return FAIL; // attributes, whitespace in the tag, or a character no WeCom name uses
    }
    if (at === FAIL) return FAIL;

    // First occurrence: an array if the path is a repeated one; a second occurrence makes it an array anyway.
    const existing = into[name];
    if (existing === undefined) into[name] = paths?.repeated ? [value] : value;
    else if (Array.isArray(existing)) existing.push(value);
    else into[name] = [existing, value];
    return at;
  }

  /** Set by cdata(): the index after its last section. */
  private cdataEnd = 0;

  /** One or more adjacent `<![CDATA[…]]>` sections from `at`, joined (what the full path does); undefined if none. */
  private cdata(at: number): string | undefined {
    const xml = this.xml;
    let value: string | undefined;
    while (xml.startsWith('<![CDATA[', at)) {
      const dataStart = at + 9;
      const dataEnd = xml.indexOf(']]>', dataStart);
      if (dataEnd === -1) return undefined;
      const section = xml.slice(dataStart, dataEnd);
      value = value === undefined ? section : value + section;
      at = dataEnd + 3;
    }
    this.cdataEnd = at;
    return value;
  }

  /** Expects exactly `</name>` at `at`; returns the index after it, or FAIL. */
  private close(name: string, at: number): number {
    const xml = this.xml;
    if (xml.charCodeAt(at) !== LT || xml.charCodeAt(at + 1) !== SLASH || !xml.startsWith(name, at + 2)) return FAIL;
    const gt = at + 2 + name.length;
    return xml.charCodeAt(gt) === GT ? gt + 1 : FAIL;
  }
}

function skipWhitespace(text: string, at: number): number {
  for (;;) {
    const code = text.charCodeAt(at);
    if (code !== 0x20 && code !== 0x0a && code !== 0x09) return at;
    at++;
  }
}

/** `[A-Za-z_]`. */
function isNameStart(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f;
}

/** `[A-Za-z0-9_]`: every name WeCom uses (`Location_X`, `OpenKfId`…). */
function isNameChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f;
}
