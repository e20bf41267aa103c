import type { WeComCrypto } from '../../crypto/wecom-crypto.js';

/**
 * The AI bot's encrypted reply (PROTOCOL.md §3.3, §5.1): `{ encrypt, msgsignature, timestamp, nonce }`,
 * encrypted with receiveid "" and signed over our timestamp and nonce. The timestamp is a JSON string,
 * as every official JSON library (WXBizJsonMsgCrypt) writes it; the doc leaves the type open (§6).
 */
export function encryptBotReplyEnvelope(crypto: WeComCrypto, plaintext: string, timestamp: string, nonce: string): string {
  const encrypt = crypto.encrypt(plaintext, '');
  return JSON.stringify({ encrypt, msgsignature: crypto.sign(timestamp, nonce, encrypt), timestamp, nonce });
}
