import { WeComErrorCode } from '../errors/wecom-error-codes.js';
import { excerpt } from '../errors/input-excerpt.js';
import { WeComProtocolError } from '../errors/wecom-protocol.error.js';
import { ReusableAesCbc } from './aes-cbc.js';
import { deriveAesKey } from './aes-key.js';
import { openMessage, sealMessage, type DecryptedMessage } from './message-cipher.js';
import { computeSignature, signatureMatches } from './signature.js';

/**
 * The receiveid a ciphertext must carry (PROTOCOL.md §1.5): the CorpID for self-built apps, the SuiteID
 * for third-party instruction callbacks, `''` for AI bots; or a predicate for an allow-list (third-party
 * data callbacks, where it is the authorizing corp's CorpID).
 */
export type ReceiveIdCheck = string | ((receiveId: string) => boolean);

/** Longest receiveid quoted in an error message; real ids are ~18 characters. */
const MAX_QUOTED_ID = 64;

/**
 * The crypto of one WeCom app (one Token + EncodingAESKey). The key is derived and validated once, in
 * the constructor, so a misconfigured key fails at startup and the hot path never re-derives it.
 * Secrets are kept in #private fields, so they do not show up in console.log, util.inspect or JSON.
 * The AES objects live as long as the app (aes-cbc.ts): no node:crypto object is created per message.
 */
export class WeComCrypto {
  readonly #token: string;
  readonly #cbc: ReusableAesCbc;

  constructor(options: { token: string; encodingAESKey: string }) {
    this.#cbc = new ReusableAesCbc(deriveAesKey(options.encodingAESKey));
    this.#token = options.token;
  }

  /** msg_signature for a reply or a test request (PROTOCOL.md §1.2). */
  sign(timestamp: string, nonce: string, encrypt: string): string {
    return computeSignature(this.#token, timestamp, nonce, encrypt);
  }

  /**
   * Throws -40001 unless `signature` is the msg_signature of (timestamp, nonce, encrypt) under our token.
   * The message never includes the expected signature: echoing it would let anyone forge that request.
   */
  verifySignature(signature: string, timestamp: string, nonce: string, encrypt: string): void {
    if (!signatureMatches(this.sign(timestamp, nonce, encrypt), signature)) {
      throw new WeComProtocolError(
        WeComErrorCode.ValidateSignatureError,
        'msg_signature does not match the signature computed over timestamp, nonce and Encrypt with the ' +
          'configured token: the token configured here probably differs from the one in the WeCom console, ' +
          'or the request was altered or is not from WeCom',
      );
    }
  }

  encrypt(message: string | Buffer, receiveId: string, random?: Buffer): string {
    return sealMessage(this.#cbc, message, receiveId, random);
  }

  /**
   * Decrypts and checks the receiveid exactly (PROTOCOL.md §1.5): `''` must equal `''` (AI bots), unlike
   * the Go SDK and aibot-node-sdk, which skip the check when the configured id is empty. Throws -40005
   * naming both ids (they are not secret) so a CorpID/SuiteID mix-up is obvious from the log.
   */
  decrypt(encrypt: string, expectedReceiveId: ReceiveIdCheck): DecryptedMessage {
    const decrypted = openMessage(this.#cbc, encrypt);
    const { receiveId } = decrypted;
    if (typeof expectedReceiveId === 'string') {
      if (receiveId !== expectedReceiveId) {
        throw new WeComProtocolError(
          WeComErrorCode.ValidateCorpidError,
          `receiveid in the ciphertext is ${quote(receiveId)} but ${quote(expectedReceiveId)} is expected ` +
            '(CorpID for app callbacks, SuiteID for third-party instruction callbacks, "" for AI bots)',
        );
      }
    } else if (expectedReceiveId(receiveId) !== true) {
      throw new WeComProtocolError(
        WeComErrorCode.ValidateCorpidError,
        `receiveid in the ciphertext is ${quote(receiveId)}, which the configured receiveId check does not accept`,
      );
    }
    return decrypted;
  }
}

/** JSON quoting makes '' visible and neutralises control characters; long ids are cut. */
function quote(id: string): string {
  return excerpt(id, MAX_QUOTED_ID);
}
