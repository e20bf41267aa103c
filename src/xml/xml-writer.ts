/**
 * Serialises `root` as WeCom writes its XML (PROTOCOL.md §3.3, §3.4): `<xml>` around the keys in
 * insertion order; strings in CDATA, numbers and bigints bare (`<CreateTime>1348831860</CreateTime>`),
 * arrays as the same tag repeated (`Articles: { item: [a, b] }` → `<Articles><item>…</item><item>…</item></Articles>`),
 * nested objects nested, `undefined` and `null` left out. Booleans are written bare as `true`/`false`.
 *
 * Throws TypeError for what cannot be written faithfully: a key that is not a plain XML name, a
 * control character XML 1.0 forbids, a non-finite number, an array directly inside an array, or a
 * value of another type (function, symbol). These are programming errors in the caller.
 */
export function toXml(root: Record<string, unknown>): string {
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw new TypeError('toXml(root) needs a plain object of elements');
  }
  return `<xml>${writeChildren(root, 'xml')}</xml>`;
}

/** Tag names we write: ASCII XML names without a namespace colon; WeCom uses nothing else. */
const XML_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** Same set the parser refuses (hardened-xml.reader.ts): a document we write must parse back. */
const FORBIDDEN_CONTROL_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;

function writeChildren(node: Record<string, unknown>, path: string): string {
  let out = '';
  for (const name of Object.keys(node)) {
    const value = node[name];
    if (value === undefined || value === null) continue;
    if (!XML_NAME.test(name)) throw new TypeError(`toXml: "${name}" under ${path} is not a valid XML element name`);
    if (Array.isArray(value)) {
      for (const element of value) {
        if (element === undefined || element === null) continue;
        if (Array.isArray(element)) throw new TypeError(`toXml: ${path}.${name} is an array inside an array; XML has no way to write it`);
        out += writeElement(name, element, path);
      }
    } else {
      out += writeElement(name, value, path);
    }
  }
  return out;
}

function writeElement(name: string, value: unknown, path: string): string {
  switch (typeof value) {
    case 'string':
      return `<${name}>${cdata(value, `${path}.${name}`)}</${name}>`;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`toXml: ${path}.${name} is ${value}, which has no XML form`);
      return `<${name}>${value}</${name}>`;
    case 'bigint':
    case 'boolean':
      return `<${name}>${value}</${name}>`;
    case 'object':
      return `<${name}>${writeChildren(value as Record<string, unknown>, `${path}.${name}`)}</${name}>`;
    default:
      throw new TypeError(`toXml: ${path}.${name} is a ${typeof value}, which has no XML form`);
  }
}

/** `]]>` cannot occur inside CDATA: end the section after `]]` and open a new one for `>`. */
function cdata(text: string, path: string): string {
  if (FORBIDDEN_CONTROL_CHAR.test(text)) throw new TypeError(`toXml: ${path} contains a control character XML 1.0 does not allow`);
  const safe = text.includes(']]>') ? text.replaceAll(']]>', ']]]]><![CDATA[>') : text;
  return `<![CDATA[${safe}]]>`;
}
