import * as nodeCrypto from 'node:crypto';
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual, type Cipher, type Decipher } from 'node:crypto';
import { scanPlaintext } from './ideal-xml-scanner.js';

/**
 * The ideal pipeline: what one encrypted callback costs at the least, with every check nestjs-wecom
 * makes and none of its generality. Written from PROTOCOL.md, independently of src/ (it imports
 * nothing from it), with node:crypto only:
 *
 *   hand-split signed query (each parameter once, bounded, timestamp digits only) → body limit →
 *   strict envelope scan (flat, printable ASCII, one Encrypt) → msg_signature, SHA-1 compared in
 *   constant time → timestamp window → strict decrypt (canonical base64, whole 32-byte blocks, pad
 *   1..32 all equal, msg_len in bounds, fatal UTF-8) → receiveid === CorpID → strict plaintext scan
 *   (no DOCTYPE or any other declaration, no Object.prototype name, no control character, bounded
 *   depth) → dedup by MsgId (or a SHA-256 of the plaintext for events) in a bounded Map that keeps
 *   the answer for duplicates → a direct, synchronous handler call → the reply plaintext and envelope
 *   as template strings, encrypted and signed.
 *
 * It uses the cheapest known form of every step (one-shot crypto.hash, long-lived AES objects
 * re-based onto the IV, a CSPRNG batch for reply prefixes), so it is the yardstick the module is
 * measured against: `ideal-*` in `npm run bench`.
 */
export interface IdealConfig {
  corpId: string;
  token: string;
  encodingAESKey: string;
}

/** A handler called directly: the plaintext's elements in, the reply's text out (or nothing). */
export type IdealHandler = (message: Record<string, unknown>) => string | undefined;

export interface IdealQuery {
  ok: true;
  signature: string;
  timestamp: string;
  nonce: string;
}

export interface IdealAnswer {
  status: number;
  body: string;
  contentType?: string;
}

const TOLERANCE_SECONDS = 300;
const DEDUP_CAPACITY = 20_000;
export const IDEAL_BODY_LIMIT = 256 * 1024;
const EMPTY: IdealAnswer = { status: 200, body: '' };
const XML = 'application/xml; charset=utf-8';

const oneShotHash = (nodeCrypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha1 = oneShotHash ? (data: string) => oneShotHash('sha1', data, 'hex') : (data: string) => createHash('sha1').update(data).digest('hex');
const sha256 = oneShotHash ? (data: string) => oneShotHash('sha256', data, 'hex') : (data: string) => createHash('sha256').update(data).digest('hex');
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function refuse(errcode: number, errmsg: string, status = 400): IdealAnswer {
  return { status, body: `{"errcode":${errcode},"errmsg":"${errmsg}"}`, contentType: 'application/json; charset=utf-8' };
}

export class IdealPipeline {
  private readonly key: Buffer;
  private readonly iv: Buffer;
  private readonly cipher: Cipher;
  private readonly decipher: Decipher;
  private readonly cipherChain: Buffer;
  private readonly decipherChain: Buffer;
  private readonly seen = new Map<string, string | undefined>();
  /**
   * Insertion order for eviction, as a ring: deleting the Map's oldest key via keys().next() walks the
   * holes earlier deletions left at the front (V8 compacts only on rehash), µs per insert once full.
   */
  private readonly order: string[] = new Array(DEDUP_CAPACITY);
  private orderAt = 0;
  private randomPool = Buffer.alloc(0);
  private randomAt = 0;
  /** Handler calls, so the bench can check that no request was a repeat. */
  handled = 0;

  constructor(
    private readonly config: IdealConfig,
    private readonly handler: IdealHandler,
  ) {
    this.key = Buffer.from(`${config.encodingAESKey}=`, 'base64');
    this.iv = this.key.subarray(0, 16);
    this.cipher = createCipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
    this.decipher = createDecipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
    this.cipherChain = Buffer.from(this.iv);
    this.decipherChain = Buffer.from(this.iv);
  }

  handle(url: string, body: Buffer): IdealAnswer {
    const query = this.query(url);
    if (!query.ok) return query.refusal;
    if (body.length > IDEAL_BODY_LIMIT) return refuse(-40012, 'body too large', 413);
    const encrypt = this.envelope(body);
    if (encrypt === undefined) return refuse(-40002, 'bad envelope');
    if (!this.verify(query, encrypt)) return refuse(-40001, 'bad signature');
    if (!this.fresh(query.timestamp)) return refuse(-40003, 'timestamp expired');
    const plaintext = this.decrypt(encrypt);
    if (typeof plaintext !== 'string') return plaintext;
    const message = scanPlaintext(plaintext);
    if (message === undefined) return refuse(-40002, 'bad callback XML');
    const content = this.runOnce(message, plaintext);
    if (content === undefined || content === '') return EMPTY;
    return this.reply(message, content, query);
  }

  /** Stage 1: msg_signature, timestamp, nonce, each exactly once, bounded; timestamp digits only. */
  query(url: string): IdealQuery | { ok: false; refusal: IdealAnswer } {
    let signature: string | undefined;
    let timestamp: string | undefined;
    let nonce: string | undefined;
    let at = url.indexOf('?') + 1;
    if (at === 0) return { ok: false, refusal: refuse(-40013, 'missing query') };
    while (at < url.length) {
      let end = url.indexOf('&', at);
      if (end === -1) end = url.length;
      const eq = url.indexOf('=', at);
      if (eq !== -1 && eq < end) {
        const name = url.slice(at, eq);
        let value = url.slice(eq + 1, end);
        if (value.indexOf('%') !== -1) {
          try {
            value = decodeURIComponent(value);
          } catch {
            return { ok: false, refusal: refuse(-40013, 'bad query') };
          }
        }
        if (name === 'msg_signature') {
          if (signature !== undefined || value.length > 128) return { ok: false, refusal: refuse(-40013, 'bad msg_signature') };
          signature = value;
        } else if (name === 'timestamp') {
          if (timestamp !== undefined || value.length > 20) return { ok: false, refusal: refuse(-40013, 'bad timestamp') };
          timestamp = value;
        } else if (name === 'nonce') {
          if (nonce !== undefined || value.length > 128) return { ok: false, refusal: refuse(-40013, 'bad nonce') };
          nonce = value;
        }
      }
      at = end + 1;
    }
    if (!signature || !timestamp || !nonce) return { ok: false, refusal: refuse(-40013, 'missing query parameter') };
    for (let i = 0; i < timestamp.length; i++) {
      const code = timestamp.charCodeAt(i);
      if (code < 0x30 || code > 0x39) return { ok: false, refusal: refuse(-40013, 'timestamp must be digits') };
    }
    return { ok: true, signature, timestamp, nonce };
  }

  /** Stage 2: the envelope → Encrypt, before anything else is parsed. */
  envelope(body: Buffer): string | undefined {
    return scanEnvelope(body.toString('latin1'));
  }

  /** Stage 3: msg_signature, compared in constant time. */
  verify(query: IdealQuery, encrypt: string): boolean {
    const expected = sha1([this.config.token, query.timestamp, query.nonce, encrypt].sort().join(''));
    return query.signature.length === expected.length && timingSafeEqual(Buffer.from(query.signature, 'latin1'), Buffer.from(expected, 'latin1'));
  }

  /** Stage 4: the timestamp window. */
  fresh(timestamp: string): boolean {
    return Math.abs(Math.round(Date.now() / 1000) - Number(timestamp)) <= TOLERANCE_SECONDS;
  }

  /** Stage 5: strict decryption and the receiveid; the plaintext, or the refusal. */
  decrypt(encrypt: string): string | IdealAnswer {
    const encrypted = Buffer.from(encrypt, 'base64');
    if (encrypted.toString('base64') !== encrypt) return refuse(-40010, 'not base64');
    if (encrypted.length === 0 || encrypted.length % 32 !== 0) return refuse(-40007, 'bad ciphertext length');
    const plain = this.decipher.update(encrypted);
    for (let i = 0; i < 16; i++) plain[i] ^= this.decipherChain[i] ^ this.iv[i];
    encrypted.copy(this.decipherChain, 0, encrypted.length - 16);
    const pad = plain[plain.length - 1];
    if (pad < 1 || pad > 32) return refuse(-40007, 'bad padding');
    for (let i = plain.length - pad; i < plain.length - 1; i++) if (plain[i] !== pad) return refuse(-40007, 'bad padding');
    const end = plain.length - pad;
    if (end < 20) return refuse(-40008, 'too short');
    const msgEnd = 20 + plain.readUInt32BE(16);
    if (msgEnd > end) return refuse(-40008, 'bad msg_len');
    let plaintext: string;
    let receiveId: string;
    try {
      plaintext = utf8.decode(plain.subarray(20, msgEnd));
      receiveId = utf8.decode(plain.subarray(msgEnd, end));
    } catch {
      return refuse(-40008, 'bad UTF-8');
    }
    if (receiveId !== this.config.corpId) return refuse(-40005, 'wrong receiveid');
    return plaintext;
  }

  /** Stage 6 is scanPlaintext. Stage 7: dedup and the handler; a duplicate gets the first run's answer. */
  runOnce(message: Record<string, unknown>, plaintext: string): string | undefined {
    const msgId = message.MsgId;
    const dedupKey = typeof msgId === 'string' && msgId !== '' ? `msg:${msgId}` : `sha256:${sha256(plaintext)}`;
    if (this.seen.has(dedupKey)) return this.seen.get(dedupKey);
    this.handled++;
    const content = this.handler(message);
    const evicted = this.order[this.orderAt];
    if (evicted !== undefined) this.seen.delete(evicted);
    this.order[this.orderAt] = dedupKey;
    this.orderAt = (this.orderAt + 1) % DEDUP_CAPACITY;
    this.seen.set(dedupKey, content);
    return content;
  }

  /** Stage 8: the reply, encrypted and signed over the request's timestamp and nonce (PROTOCOL.md §3.3). */
  reply(message: Record<string, unknown>, content: string, query: IdealQuery): IdealAnswer {
    if (CONTROL_CHAR.test(content)) return refuse(500, 'reply has a control character', 500);
    const replyEncrypt = this.seal(this.replyPlaintext(message, content));
    const replySignature = this.sign(query, replyEncrypt);
    return { status: 200, body: replyEnvelope(replyEncrypt, replySignature, query), contentType: XML };
  }

  /** The reply plaintext as a template string (PROTOCOL.md §3.4). */
  replyPlaintext(message: Record<string, unknown>, content: string): string {
    const toUser = typeof message.FromUserName === 'string' ? message.FromUserName : '';
    return (
      `<xml><ToUserName><![CDATA[${cdata(toUser)}]]></ToUserName><FromUserName><![CDATA[${this.config.corpId}]]></FromUserName>` +
      `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${cdata(content)}]]></Content></xml>`
    );
  }

  sign(query: IdealQuery, encrypt: string): string {
    return sha1([this.config.token, query.timestamp, query.nonce, encrypt].sort().join(''));
  }

  /** Encrypts a reply plaintext with the long-lived cipher, re-based onto the IV. */
  seal(message: string): string {
    const msgLength = Buffer.byteLength(message, 'utf8');
    const idLength = Buffer.byteLength(this.config.corpId, 'utf8');
    const unpadded = 20 + msgLength + idLength;
    const pad = 32 - (unpadded % 32);
    const plain = Buffer.allocUnsafe(unpadded + pad);
    if (this.randomAt + 16 > this.randomPool.length) {
      this.randomPool = randomBytes(4096);
      this.randomAt = 0;
    }
    this.randomPool.copy(plain, 0, this.randomAt, this.randomAt + 16);
    this.randomAt += 16;
    plain.writeUInt32BE(msgLength, 16);
    plain.write(message, 20, 'utf8');
    plain.write(this.config.corpId, 20 + msgLength, 'utf8');
    plain.fill(pad, unpadded);
    for (let i = 0; i < 16; i++) plain[i] ^= this.cipherChain[i] ^ this.iv[i];
    const encrypted = this.cipher.update(plain);
    encrypted.copy(this.cipherChain, 0, encrypted.length - 16);
    return encrypted.toString('base64');
  }
}

const CONTROL_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;
const NOT_PRINTABLE = /[^\x20-\x7e]/;
const NOT_BARE = /[^\x20-\x25\x27-\x3b\x3d\x3f-\x7e]/;

/** The reply envelope as a template string (PROTOCOL.md §3.3). */
export function replyEnvelope(encrypt: string, signature: string, query: IdealQuery): string {
  return `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt><MsgSignature><![CDATA[${signature}]]></MsgSignature><TimeStamp>${query.timestamp}</TimeStamp><Nonce><![CDATA[${query.nonce}]]></Nonce></xml>`;
}

function cdata(text: string): string {
  return text.indexOf(']]>') === -1 ? text : text.replaceAll(']]>', ']]]]><![CDATA[>');
}

/**
 * `<xml>` with flat elements only, each a CDATA section or bare printable ASCII, exactly one non-empty
 * Encrypt, nothing before or after; undefined for anything else.
 */
function scanEnvelope(body: string): string | undefined {
  if (!body.startsWith('<xml>') || !body.endsWith('</xml>')) return undefined;
  const end = body.length - 6;
  let at = 5;
  let encrypt: string | undefined;
  let names = '';
  while (at < end) {
    let code = body.charCodeAt(at);
    if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) {
      at++;
      continue;
    }
    if (code !== 0x3c) return undefined;
    const nameStart = at + 1;
    let nameEnd = nameStart;
    for (;;) {
      code = body.charCodeAt(nameEnd);
      if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (nameEnd > nameStart && ((code >= 0x30 && code <= 0x39) || code === 0x5f))) nameEnd++;
      else break;
    }
    if (nameEnd === nameStart || code !== 0x3e) return undefined;
    const name = body.slice(nameStart, nameEnd);
    if (names.includes(`<${name}>`)) return undefined; // repeated
    names += `<${name}>`;
    let valueStart = nameEnd + 1;
    let valueEnd: number;
    let next: number;
    const isCdata = body.startsWith('<![CDATA[', valueStart);
    if (isCdata) {
      valueStart += 9;
      valueEnd = body.indexOf(']]>', valueStart);
      if (valueEnd === -1 || valueEnd > end) return undefined;
      next = valueEnd + 3;
    } else {
      valueEnd = body.indexOf('<', valueStart);
      if (valueEnd === -1 || valueEnd > end) return undefined;
      next = valueEnd;
    }
    // A native scan beats a JS loop over a 3 KB ciphertext; bare values also exclude & < >.
    if ((isCdata ? NOT_PRINTABLE : NOT_BARE).test(body.slice(valueStart, valueEnd))) return undefined;
    if (!body.startsWith(`</${name}>`, next)) return undefined;
    if (name === 'Encrypt') encrypt = body.slice(valueStart, valueEnd);
    at = next + name.length + 3;
  }
  return at === end && encrypt ? encrypt : undefined;
}
