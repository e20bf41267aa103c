import type { WeComCrypto } from '../crypto/wecom-crypto.js';
import { WeComProtocolError } from '../errors/wecom-protocol.error.js';
import { parseCallbackXml } from '../xml/callback-xml.parser.js';
import { readXmlRoot } from '../xml/hardened-xml.reader.js';
import { WeComTestClientError } from '../errors/wecom-test-client.error.js';

/** A passive reply that passed every check WeCom makes: signed with the token, encrypted for the receiveid. */
export interface WeComVerifiedReply {
  /** The decrypted reply plaintext. */
  readonly xml: string;
  /** The plaintext parsed like a callback: `{ ToUserName, FromUserName, CreateTime, MsgType, Content … }`. */
  readonly payload: Record<string, unknown>;
  /** Shortcut for `payload.MsgType`: text, image, news, update_button … */
  readonly msgType: string;
}

const fail = (reason: string, cause?: unknown): never => {
  throw new WeComTestClientError('reply-not-verified', `the reply failed verification: ${reason}`, { cause });
};

/**
 * Opens an encrypted passive-reply envelope (PROTOCOL.md §3.3) as WeCom would: MsgSignature must be
 * the signature of TimeStamp, Nonce and Encrypt under the token, and Encrypt must decrypt with the
 * EncodingAESKey to a plaintext that ends with the same receiveid as the request.
 */
export function verifyReply(crypto: WeComCrypto, receiveId: string, body: string): WeComVerifiedReply {
  let envelope: Record<string, unknown> = {};
  try {
    envelope = readXmlRoot(body, 'reply envelope');
  } catch (error) {
    fail(`the body is not an XML envelope (${error instanceof Error ? error.message : String(error)})`, error);
  }
  const text = (name: string): string => {
    const value = envelope[name];
    if (typeof value !== 'string' || value === '') {
      return fail(`the envelope has no <${name}>; WeCom expects <xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml> (docs/PROTOCOL.md §3.3)`);
    }
    return value;
  };
  const encrypt = text('Encrypt');
  const signature = text('MsgSignature');
  const timestamp = text('TimeStamp');
  const nonce = text('Nonce');

  try {
    crypto.verifySignature(signature, timestamp, nonce, encrypt);
  } catch (error) {
    fail('MsgSignature does not match TimeStamp, Nonce and Encrypt under this token: WeCom would drop this reply', error);
  }
  let xml = '';
  try {
    xml = crypto.decrypt(encrypt, receiveId).message;
  } catch (error) {
    const reason = error instanceof WeComProtocolError ? `${error.errcode} ${error.message}` : String(error);
    fail(`Encrypt does not decrypt for this app (${reason})`, error);
  }
  let payload: Record<string, unknown> = {};
  try {
    payload = parseCallbackXml(xml);
  } catch (error) {
    fail(`the decrypted reply is not valid XML (${error instanceof Error ? error.message : String(error)})`, error);
  }
  return { xml, payload, msgType: typeof payload.MsgType === 'string' ? payload.MsgType : '' };
}
