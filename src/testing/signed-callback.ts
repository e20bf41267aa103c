import { randomBytes } from 'node:crypto';
import type { WeComCrypto } from '../crypto/wecom-crypto.js';
import { toXml } from '../xml/xml-writer.js';

/** The signed query parameters of one request, chosen by the sender. */
export interface SigningStamp {
  readonly timestamp: string;
  readonly nonce: string;
}

/** A nonce like WeCom's: a decimal number (`1372623149`, PROTOCOL.md §2.1). */
export const freshNonce = (): string => String(randomBytes(4).readUInt32BE(0));

/**
 * The POST WeCom would send (PROTOCOL.md §3.2): the plaintext encrypted with the receiveid, the
 * envelope `<xml><ToUserName/><Encrypt/><AgentID/></xml>`, and msg_signature over timestamp, nonce and
 * Encrypt. The outer ToUserName and AgentID are not signed (§1.2), so they only mirror the plaintext.
 */
export function signedCallbackPost(
  crypto: WeComCrypto,
  receiveId: string,
  plaintext: string,
  stamp: SigningStamp,
  envelope: { toUserName: string; agentId: string },
): { query: string; body: string } {
  const encrypt = crypto.encrypt(plaintext, receiveId);
  const signature = crypto.sign(stamp.timestamp, stamp.nonce, encrypt);
  return {
    query: new URLSearchParams({ msg_signature: signature, timestamp: stamp.timestamp, nonce: stamp.nonce }).toString(),
    body: toXml({ ToUserName: envelope.toUserName, Encrypt: encrypt, AgentID: envelope.agentId }),
  };
}

/**
 * The URL-verification GET (PROTOCOL.md §3.1): `echo` encrypted into echostr and signed. echostr
 * holds `+`, `/` and `=`, so it is percent-encoded exactly as WeCom does; URLSearchParams encodes
 * every one of them.
 */
export function signedVerificationQuery(crypto: WeComCrypto, receiveId: string, echo: string, stamp: SigningStamp): string {
  const echostr = crypto.encrypt(echo, receiveId);
  const signature = crypto.sign(stamp.timestamp, stamp.nonce, echostr);
  return new URLSearchParams({ msg_signature: signature, timestamp: stamp.timestamp, nonce: stamp.nonce, echostr }).toString();
}

/** A plaintext like WeCom's echo: a long decimal number (`1616140317555161061`, §2.1). */
export function freshEcho(): string {
  return randomBytes(8).readBigUInt64BE().toString();
}

/**
 * The AI bot's POST (PROTOCOL.md §5.1): the JSON plaintext encrypted with receiveid "", the body
 * `{"encrypt": …}`, and msg_signature over timestamp, nonce and that value.
 */
export function signedBotPost(crypto: WeComCrypto, plaintext: string, stamp: SigningStamp): { query: string; body: string } {
  const encrypt = crypto.encrypt(plaintext, '');
  const signature = crypto.sign(stamp.timestamp, stamp.nonce, encrypt);
  return {
    query: new URLSearchParams({ msg_signature: signature, timestamp: stamp.timestamp, nonce: stamp.nonce }).toString(),
    body: JSON.stringify({ encrypt }),
  };
}
