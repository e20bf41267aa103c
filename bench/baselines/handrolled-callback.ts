import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { randomBytes } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { parseStringPromise } from 'xml2js';

/**
 * What a user writes without nestjs-wecom, following the official docs and the usual blog posts:
 * `@wecom/crypto` for the crypto, `xml2js` for the XML, the reply XML as a template string. It does
 * the same checks our module does by default, so the comparison is like for like: signature,
 * timestamp window, receiveid, deduplication by MsgId (WeCom retries, PROTOCOL.md §3.2), and an
 * encrypted, signed reply. It does not do our hardening (DTD refusal, strict base64/padding, depth
 * limits), which only makes it cheaper.
 */
export interface HandrolledConfig {
  corpId: string;
  token: string;
  encodingAESKey: string;
}

export class HandrolledError extends Error {}

/** How the user parses XML: to `{ xml: { …children } }`, synchronously or not. */
export type XmlParse = (xml: string) => Promise<{ xml: Record<string, any> }> | { xml: Record<string, any> };

/** The usual xml2js call (`explicitArray: false`, so single elements are not wrapped in arrays). */
export const parseWithXml2js: XmlParse = (xml) => parseStringPromise(xml, { explicitArray: false });

const defaultFastXmlParser = new XMLParser();
/** fast-xml-parser with its defaults, the parser created once. */
export const parseWithFastXmlParser: XmlParse = (xml) => defaultFastXmlParser.parse(xml);

const TOLERANCE_SECONDS = 300;
/** A plain bounded Map: the usual "seen MsgIds" cache, oldest evicted first. */
const DEDUP_CAPACITY = 10_000;

export class HandrolledCallback {
  private readonly seen = new Map<string, number>();
  /** Messages handled past the dedup check, so the bench can check that no request was a repeat. */
  handled = 0;

  constructor(
    private readonly config: HandrolledConfig,
    private readonly parse: XmlParse = parseWithXml2js,
  ) {}

  /** Returns the reply envelope XML, or '' for "nothing to reply". */
  async handle(query: Record<string, string | undefined>, body: string): Promise<string> {
    const { msg_signature: signature, timestamp, nonce } = query;
    if (!signature || !timestamp || !nonce) throw new HandrolledError('missing query parameters');
    const envelope = await this.parse(body);
    const ciphertext: string = envelope.xml.Encrypt;
    if (getSignature(this.config.token, timestamp, nonce, ciphertext) !== signature) throw new HandrolledError('bad signature');
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) throw new HandrolledError('stale timestamp');
    const { message, id } = decrypt(this.config.encodingAESKey, ciphertext);
    if (id !== this.config.corpId) throw new HandrolledError('wrong receiveid');
    const { xml } = await this.parse(message);

    const key = String(xml.MsgId ?? `${xml.FromUserName}:${xml.CreateTime}`);
    if (this.seen.has(key)) return '';
    this.seen.set(key, Date.now());
    if (this.seen.size > DEDUP_CAPACITY) this.seen.delete(this.seen.keys().next().value!);
    this.handled++;

    if (xml.MsgType !== 'text') return '';
    const replyXml =
      `<xml><ToUserName><![CDATA[${xml.FromUserName}]]></ToUserName><FromUserName><![CDATA[${this.config.corpId}]]></FromUserName>` +
      `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
      `<Content><![CDATA[echo: ${xml.Content}]]></Content></xml>`;
    const replyEncrypt = encrypt(this.config.encodingAESKey, replyXml, this.config.corpId);
    const replyNonce = randomBytes(4).readUInt32BE(0).toString();
    return (
      `<xml><Encrypt><![CDATA[${replyEncrypt}]]></Encrypt>` +
      `<MsgSignature><![CDATA[${getSignature(this.config.token, timestamp, replyNonce, replyEncrypt)}]]></MsgSignature>` +
      `<TimeStamp>${timestamp}</TimeStamp><Nonce><![CDATA[${replyNonce}]]></Nonce></xml>`
    );
  }
}
