import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { WeComErrorCode } from '../errors/wecom-error-codes.js';
import { clip, excerpt } from '../errors/input-excerpt.js';
import { WeComProtocolError } from '../errors/wecom-protocol.error.js';
import { REPEATED_ELEMENT_PATHS } from './repeated-elements.js';
import { xmlEscapeDecoder } from './xml-escape.decoder.js';

/** Deepest element nesting we accept, counting `<xml>` as 1; WeCom's deepest payload (sys_approval_change) is 7. */
export const MAX_XML_DEPTH = 32;

/** C0 controls other than tab, LF and CR: XML 1.0 forbids them everywhere, CDATA included. */
const FORBIDDEN_CONTROL_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;

const REPEATED_PATHS: ReadonlySet<string> = new Set(REPEATED_ELEMENT_PATHS);
/** Last segment of every repeated path: a cheap first test, so most tags never build their jPath. */
const REPEATED_TAGS: ReadonlySet<string> = new Set(REPEATED_ELEMENT_PATHS.map((path) => path.slice(path.lastIndexOf('.') + 1)));

interface PathView {
  getDepth(): number;
  toString(): string;
}

/**
 * fast-xml-parser calls this once for the first occurrence of each tag under a parent (a second
 * occurrence becomes an array anyway), with the matcher already positioned on that tag.
 */
function isRepeatedElement(tagName: string, path: unknown): boolean {
  const view = path as PathView;
  // maxNestedTags below only counts open tags; a self-closing `<a/>` one level deeper is caught here.
  if (view.getDepth() > MAX_XML_DEPTH) {
    throw new WeComProtocolError(WeComErrorCode.ParseXmlError, `XML refused: elements nested deeper than ${MAX_XML_DEPTH} levels`);
  }
  return REPEATED_TAGS.has(tagName) && REPEATED_PATHS.has(view.toString());
}

/** fast-xml-parser's default name for text beside elements. */
const TEXT_NODE = '#text';

/** Refuse, rather than rename, properties that shadow Object.prototype methods (`toString`, `hasOwnProperty`…). */
function refuseDangerousName(name: string): string {
  throw new WeComProtocolError(WeComErrorCode.ParseXmlError, `XML refused: element name ${excerpt(name)} shadows an Object.prototype member`);
}

/**
 * One parser for the process (its options are compiled once; fast-xml-parser keeps no state between
 * `parse` calls). Every choice is about getting WeCom's values back exactly:
 * - `parseTagValue: false`: values stay strings as sent (`MsgId` 4561255354251345929 is beyond 2^53,
 *   `UserID` `00123` keeps its zeros; PROTOCOL.md §4.0).
 * - `trimValues: true` trims text *outside* CDATA (the doc's `<InfoType> <![CDATA[suite_ticket]]>`,
 *   §4.5) but never CDATA content: a user's text message keeps its own leading and trailing spaces.
 * - attributes, the XML declaration and processing instructions are dropped (WeCom sends none).
 * - `processEntities` is on only so that our decoder (xml-escape.decoder.ts) runs: predefined
 *   escapes and character references, never declared entities.
 * - `maxNestedTags`: the parser refuses to open tag 33 (it checks the stack before pushing, hence 31)
 *   long before any recursion could matter.
 * - `onDangerousProperty` refuses `toString` & co, which fast-xml-parser would silently rename to
 *   `__toString` (it throws on `__proto__`, `constructor` and `prototype` itself).
 * - `jPath: false`: isArray gets the matcher, and builds the path string only for candidate tags.
 */
const parser = new XMLParser({
  textNodeName: TEXT_NODE,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  entityDecoder: xmlEscapeDecoder,
  maxNestedTags: MAX_XML_DEPTH - 1,
  jPath: false,
  isArray: isRepeatedElement,
  onDangerousProperty: refuseDangerousName,
});

/**
 * Parses `xml` with every refusal PROTOCOL.md's hardening needs and returns the children of the root
 * `<xml>` element. `what` names the document in error messages ("callback XML", "envelope").
 * Throws only WeComProtocolError(-40002).
 */
export function readXmlRoot(xml: string, what: string): Record<string, unknown> {
  if (typeof xml !== 'string' || xml.length === 0) refuse(what, 'it is empty');
  if (FORBIDDEN_CONTROL_CHAR.test(xml)) refuse(what, 'it contains a control character other than tab, LF or CR');
  assertNoDeclarations(xml, what);

  // fast-xml-parser's parser is lenient by design: it accepts `<A>1</B>`, unclosed tags, two roots and
  // text after the root without complaint. The validator is a separate pass costing about a quarter
  // of the parse (measured on Node 20: ~4 µs of ~17 µs for the §4.1 text sample, ~15 of ~81 µs for the
  // §4.3 create_user sample); dropping number parsing and HTML entities pays for it, so the whole of
  // parseCallbackXml runs at par with a default `new XMLParser().parse()` (18 / 81 µs on the same samples).
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    // The validator's message quotes tag names whole (a 1 MiB name gave a 1 MiB response): cut it.
    refuse(what, `it is not well-formed XML (${clip(msg, 120)} at line ${line}, column ${col})`);
  }

  let document: Record<string, unknown>;
  try {
    document = parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof WeComProtocolError) throw error;
    // e.g. "[SECURITY] Invalid name: "__proto__" is a reserved JavaScript keyword…" — the parser's
    // own words are the clearest reason, and contain nothing of ours.
    refuse(what, `the parser rejected it (${clip(error instanceof Error ? error.message : String(error), 120)})`);
  }

  const rootNames = Object.keys(document);
  if (rootNames.length !== 1 || rootNames[0] !== 'xml') {
    const names = rootNames.slice(0, 3).map((name) => `<${clip(name, 32)}>`).join(', ');
    refuse(what, `its root element is ${rootNames.length === 0 ? 'missing' : `${names}${rootNames.length > 3 ? ` and ${rootNames.length - 3} more` : ''}`}, not <xml>`);
  }
  const root = document.xml;
  // fast-xml-parser's validator lets a self-closing second root through (`<xml>…</xml><xml/>`).
  if (Array.isArray(root)) refuse(what, `it has ${root.length} <xml> roots`);
  if (root === '') return {};
  if (typeof root !== 'object' || root === null) {
    refuse(what, 'its <xml> root holds text instead of elements');
  }
  // Text beside elements (`<xml>junk<A/></xml>`) surfaces as `#text`. Refused at the root, where the
  // router reads; deeper down it is left as a `#text` key (it cannot collide with an element name).
  // Not refused via tagValueProcessor: fast-xml-parser reports `x<![CDATA[y]]>z`, which is valid
  // text, exactly like mixed content.
  if (TEXT_NODE in root) refuse(what, 'its <xml> root mixes text with elements');
  return root as Record<string, unknown>;
}

/**
 * Refuses any markup declaration (`<!DOCTYPE`, `<!ENTITY`, `<!ELEMENT`…, in any letter case) before
 * the parser sees it: no DTD, so no XXE and no entity expansion. `<!--` comments are harmless, and a
 * `<!DOCTYPE` inside CDATA is a user's text (someone pasting HTML into a chat), not markup, so CDATA
 * sections are skipped rather than refused — refusing them would make that message undeliverable,
 * WeCom retrying it three times (§3.2).
 */
function assertNoDeclarations(xml: string, what: string): void {
  let at = xml.indexOf('<!');
  while (at !== -1) {
    if (xml.startsWith('<![CDATA[', at)) {
      const end = xml.indexOf(']]>', at + 9);
      if (end === -1) refuse(what, 'a CDATA section is not closed');
      at = xml.indexOf('<!', end + 3);
    } else if (xml.startsWith('<!--', at)) {
      at = xml.indexOf('<!', at + 4);
    } else {
      refuse(what, `it contains a markup declaration (${JSON.stringify(xml.slice(at, at + 10))}); DOCTYPE and ENTITY are not allowed`);
    }
  }
}

function refuse(what: string, reason: string): never {
  throw new WeComProtocolError(WeComErrorCode.ParseXmlError, `${what} refused: ${reason}`);
}
