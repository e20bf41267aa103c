import * as oracle from '@wecom/crypto';
import { describe, expect, it } from 'vitest';
import { deriveAesKey } from '../../src/crypto/aes-key.js';
import { decryptMessage, encryptMessage } from '../../src/crypto/message-cipher.js';
import { computeSignature, signatureMatches } from '../../src/crypto/signature.js';
import { WeComCrypto } from '../../src/crypto/wecom-crypto.js';
import { WeComErrorCode } from '../../src/errors/wecom-error-codes.js';
import { expectProtocolError, loadOfficialVectors, rawDecrypt, referenceKey } from './crypto-test-helpers.js';

const vectors = loadOfficialVectors();

describe('official WeCom vectors (PROTOCOL.md §2.1, official-vectors.json)', () => {
  it('loads the shared vector file', () => {
    expect(vectors.map((v) => v.id)).toEqual(expect.arrayContaining(['A-GET', 'A-POST-XML']));
  });

  it('derives the published key-set-A AES key from its non-canonical EncodingAESKey (§1.1)', () => {
    const key = deriveAesKey('jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C');
    expect(key.toString('hex')).toBe('8d69989bbaabe67328014c194631ad0719b3dca035b64023df292447aab60760');
  });

  describe.each(vectors.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    const crypto = new WeComCrypto({ token: v.token, encodingAESKey: v.encodingAESKey });
    const key = deriveAesKey(v.encodingAESKey);

    it('recomputes msg_signature exactly, and accepts it', () => {
      expect(computeSignature(v.token, v.timestamp, v.nonce, v.encrypt)).toBe(v.msg_signature);
      expect(crypto.sign(v.timestamp, v.nonce, v.encrypt)).toBe(v.msg_signature);
      expect(signatureMatches(crypto.sign(v.timestamp, v.nonce, v.encrypt), v.msg_signature)).toBe(true);
      expect(() => crypto.verifySignature(v.msg_signature, v.timestamp, v.nonce, v.encrypt)).not.toThrow();
      expect(oracle.getSignature(v.token, v.timestamp, v.nonce, v.encrypt)).toBe(v.msg_signature);
    });

    it('refuses the signature when any signed input changes (-40001)', () => {
      const altered = [
        () => crypto.verifySignature(v.msg_signature, `${v.timestamp}1`, v.nonce, v.encrypt),
        () => crypto.verifySignature(v.msg_signature, v.timestamp, `${v.nonce}1`, v.encrypt),
        () => crypto.verifySignature(v.msg_signature, v.timestamp, v.nonce, `A${v.encrypt}`),
        () => crypto.verifySignature(v.msg_signature.toUpperCase(), v.timestamp, v.nonce, v.encrypt),
        () =>
          new WeComCrypto({ token: `${v.token}x`, encodingAESKey: v.encodingAESKey }).verifySignature(
            v.msg_signature,
            v.timestamp,
            v.nonce,
            v.encrypt,
          ),
      ];
      for (const attempt of altered) expectProtocolError(attempt, WeComErrorCode.ValidateSignatureError);
    });

    it('decrypts to the expected plaintext and receiveid', () => {
      expect(crypto.decrypt(v.encrypt, v.receiveid)).toEqual({
        message: v.expected_plaintext,
        receiveId: v.decrypted_receiveid,
      });
      expect(decryptMessage(key, v.encrypt)).toEqual({ message: v.expected_plaintext, receiveId: v.decrypted_receiveid });
      expect(crypto.decrypt(v.encrypt, (id) => id === v.receiveid).message).toBe(v.expected_plaintext);
    });

    it('refuses the official ciphertext for another receiveid (-40005)', () => {
      expectProtocolError(() => crypto.decrypt(v.encrypt, `${v.receiveid}x`), WeComErrorCode.ValidateCorpidError);
      expectProtocolError(() => crypto.decrypt(v.encrypt, ''), WeComErrorCode.ValidateCorpidError);
    });

    it('has the documented layout: random prefix, msg_len, pad, ciphertext size (§1.3)', () => {
      expect(Buffer.from(v.encrypt, 'base64').length).toBe(v.ciphertext_bytes);
      const plain = rawDecrypt(referenceKey(v.encodingAESKey), v.encrypt);
      expect(plain.subarray(0, 16).toString('latin1')).toBe(v.random_prefix_ascii);
      expect(plain.readUInt32BE(16)).toBe(v.msg_len);
      expect(Buffer.byteLength(v.expected_plaintext, 'utf8')).toBe(v.msg_len);
      const pad = plain[plain.length - 1];
      expect(pad).toBe(v.pad_value);
      expect([...plain.subarray(plain.length - pad)]).toEqual(new Array(pad).fill(pad));
    });

    it('re-encrypts byte for byte with the recovered random', () => {
      const random = Buffer.from(v.random_prefix_ascii, 'latin1');
      expect(random.length).toBe(16);
      expect(crypto.encrypt(v.expected_plaintext, v.receiveid, random)).toBe(v.encrypt);
      expect(encryptMessage(key, Buffer.from(v.expected_plaintext, 'utf8'), v.receiveid, random)).toBe(v.encrypt);
      expect(oracle.encrypt(v.encodingAESKey, v.expected_plaintext, v.receiveid, random)).toBe(v.encrypt);
    });

    it('matches the raw HTTP inputs it was published with', () => {
      if (v.raw_query !== undefined) {
        const query = new URLSearchParams(v.raw_query);
        expect(query.get('echostr')).toBe(v.encrypt);
        expect(query.get('msg_signature')).toBe(v.msg_signature);
        expect(query.get('timestamp')).toBe(v.timestamp);
        expect(query.get('nonce')).toBe(v.nonce);
      }
      if (v.post_body !== undefined) {
        expect(v.post_body).toContain(`<Encrypt><![CDATA[${v.encrypt}]]></Encrypt>`);
      }
      expect(v.raw_query !== undefined || v.post_body !== undefined).toBe(true);
    });
  });
});
