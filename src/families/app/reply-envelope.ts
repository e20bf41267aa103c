import type { WeComCrypto } from '../../crypto/wecom-crypto.js';
import { toXml } from '../../xml/xml-writer.js';

/**
 * The encrypted passive-reply envelope (PROTOCOL.md §3.3): the plaintext encrypted with the same
 * receiveid as the request, signed with the token over our timestamp and nonce.
 */
export function encryptReplyEnvelope(
  crypto: WeComCrypto,
  plaintext: string,
  receiveId: string,
  timestamp: string,
  nonce: string,
): string {
  const encrypt = crypto.encrypt(plaintext, receiveId);
  return toXml({ Encrypt: encrypt, MsgSignature: crypto.sign(timestamp, nonce, encrypt), TimeStamp: Number(timestamp), Nonce: nonce });
}
