import type { WeComCrypto } from '../../crypto/wecom-crypto.js';
import { writeReplyEnvelope } from '../../xml/xml-writer.js';

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
  // TimeStamp is the signed query's digits, as they are: the signature WeCom checks covers that string.
  return writeReplyEnvelope(encrypt, crypto.sign(timestamp, nonce, encrypt), timestamp, nonce);
}
