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
/**
 * Names already checked against XML_NAME. Element names come from code (the reply builders, a
 * handler's template card), so the set stays small; it is capped in case someone writes data keys.
 */
const CHECKED_NAMES = new Set<string>();
const MAX_CHECKED_NAMES = 1024;

function isXmlName(name: string): boolean {
  if (CHECKED_NAMES.has(name)) return true;
  if (!XML_NAME.test(name)) return false;
  if (CHECKED_NAMES.size < MAX_CHECKED_NAMES) CHECKED_NAMES.add(name);
  return true;
}
/** Same set the parser refuses (hardened-xml.reader.ts): a document we write must parse back. */
const FORBIDDEN_CONTROL_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;

function writeChildren(node: Record<string, unknown>, path: string): string {
  let out = '';
  for (const name of Object.keys(node)) {
    const value = node[name];
    if (value === undefined || value === null) continue;
    if (!isXmlName(name)) throw new TypeError(`toXml: "${name}" under ${path} is not a valid XML element name`);
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
      return `<${name}>${cdata(value, path, name)}</${name}>`;
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

/** `]]>` cannot occur inside CDATA: end the section after `]]` and open a new one for `>`. The path is only built for the error. */
function cdata(text: string, path: string, name: string): string {
  if (FORBIDDEN_CONTROL_CHAR.test(text)) throw new TypeError(`toXml: ${path}.${name} contains a control character XML 1.0 does not allow`);
  const safe = text.includes(']]>') ? text.replaceAll(']]>', ']]]]><![CDATA[>') : text;
  return `<![CDATA[${safe}]]>`;
}

/** The elements every reply plaintext starts with (§3.4); a field of the same name goes through toXml instead. */
const REPLY_HEADER = new Set(['ToUserName', 'FromUserName', 'CreateTime', 'MsgType']);

/**
 * The passive-reply plaintext (PROTOCOL.md §3.4), byte for byte what
 * `toXml({ ToUserName, FromUserName, CreateTime, MsgType, ...fields })` writes, with the four header
 * elements as a template instead of a walk over an object. Same checks, same TypeErrors.
 */
export function writeReplyPlaintext(toUser: string, fromUser: string, createTime: number, msgType: string, fields: Readonly<Record<string, unknown>>): string {
  for (const name in fields) {
    if (REPLY_HEADER.has(name)) return toXml({ ToUserName: toUser, FromUserName: fromUser, CreateTime: createTime, MsgType: msgType, ...fields });
  }
  if (typeof toUser !== 'string' || typeof fromUser !== 'string' || typeof msgType !== 'string' || !Number.isFinite(createTime)) {
    return toXml({ ToUserName: toUser, FromUserName: fromUser, CreateTime: createTime, MsgType: msgType, ...fields });
  }
  return (
    `<xml><ToUserName>${cdata(toUser, 'xml', 'ToUserName')}</ToUserName><FromUserName>${cdata(fromUser, 'xml', 'FromUserName')}</FromUserName>` +
    `<CreateTime>${createTime}</CreateTime><MsgType>${cdata(msgType, 'xml', 'MsgType')}</MsgType>${writeChildren(fields as Record<string, unknown>, 'xml')}</xml>`
  );
}

/** Digits only: a timestamp that went through the signed-query check. */
const DIGITS = /^\d+$/;

/**
 * The encrypted reply envelope (PROTOCOL.md §3.3): `<xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>`
 * as a template. `timestamp` is written as the digits it is (the string the signature covers, so
 * WeCom's check over the envelope's own TimeStamp sees the same bytes); for a canonical timestamp this
 * is exactly what `toXml({ …, TimeStamp: Number(timestamp), … })` writes. The nonce is the request's,
 * so it goes through the same CDATA escape and control-character check as any string.
 */
export function writeReplyEnvelope(encrypt: string, signature: string, timestamp: string, nonce: string): string {
  if (typeof timestamp !== 'string' || !DIGITS.test(timestamp)) {
    throw new TypeError('writeReplyEnvelope: the timestamp must be the digits of the signed query');
  }
  return (
    `<xml><Encrypt>${cdata(encrypt, 'xml', 'Encrypt')}</Encrypt><MsgSignature>${cdata(signature, 'xml', 'MsgSignature')}</MsgSignature>` +
    `<TimeStamp>${timestamp}</TimeStamp><Nonce>${cdata(nonce, 'xml', 'Nonce')}</Nonce></xml>`
  );
}
