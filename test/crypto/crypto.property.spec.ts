import * as oracle from '@wecom/crypto';
import fc from 'fast-check';
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveAesKey } from '../../src/crypto/aes-key.js';
import { decryptMessage, encryptMessage } from '../../src/crypto/message-cipher.js';
import { computeSignature } from '../../src/crypto/signature.js';
import { WeComCrypto } from '../../src/crypto/wecom-crypto.js';
import { WeComErrorCode } from '../../src/errors/wecom-error-codes.js';
import { WeComProtocolError } from '../../src/errors/wecom-protocol.error.js';
import { ALNUM_CHARS, rawDecrypt, rawEncrypt } from './crypto-test-helpers.js';

const encodingAESKeyArb = fc.string({ unit: fc.constantFrom(...ALNUM_CHARS), minLength: 43, maxLength: 43 });
/** Any code point except lone surrogates (those cannot round-trip through UTF-8; see edge-cases). */
const textArb = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary', maxLength: 2000 }), fc.string());
const receiveIdArb = fc.oneof(
  fc.constant(''),
  fc.stringMatching(/^w[wx][0-9a-f]{16}$/),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const randomArb = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes) => Buffer.from(bytes));

/** Error codes decryption may legitimately raise for a damaged ciphertext. */
const DECRYPT_CODES: number[] = [
  WeComErrorCode.DecodeBase64Error,
  WeComErrorCode.DecryptAESError,
  WeComErrorCode.IllegalBuffer,
];

describe('crypto properties (fast-check, cross-checked with @wecom/crypto)', () => {
  it('our decrypt(our encrypt(x)) === x, and the oracle agrees', () => {
    fc.assert(
      fc.property(encodingAESKeyArb, textArb, receiveIdArb, (encodingAESKey, message, receiveId) => {
        const crypto = new WeComCrypto({ token: 't', encodingAESKey });
        const encrypt = crypto.encrypt(message, receiveId);
        expect(crypto.decrypt(encrypt, receiveId)).toEqual({ message, receiveId });
        const theirs = oracle.decrypt(encodingAESKey, encrypt);
        expect([theirs.message, theirs.id]).toEqual([message, receiveId]);
      }),
      { numRuns: 300 },
    );
  });

  it('we decrypt what the oracle encrypts', () => {
    fc.assert(
      fc.property(encodingAESKeyArb, textArb, receiveIdArb, (encodingAESKey, message, receiveId) => {
        const encrypt = oracle.encrypt(encodingAESKey, message, receiveId);
        expect(decryptMessage(deriveAesKey(encodingAESKey), encrypt)).toEqual({ message, receiveId });
      }),
      { numRuns: 300 },
    );
  });

  it('with the same random prefix, our ciphertext equals the oracle’s byte for byte', () => {
    fc.assert(
      fc.property(encodingAESKeyArb, textArb, receiveIdArb, randomArb, (encodingAESKey, message, receiveId, random) => {
        expect(encryptMessage(deriveAesKey(encodingAESKey), message, receiveId, random)).toBe(
          oracle.encrypt(encodingAESKey, message, receiveId, random),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary message bytes: round-trip exactly when valid UTF-8, -40008 otherwise', () => {
    const key = deriveAesKey('jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C');
    const bytesArb = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.string({ unit: 'binary' }).map((text) => new Uint8Array(Buffer.from(text, 'utf8'))),
    );
    fc.assert(
      fc.property(bytesArb, (bytes) => {
        const message = Buffer.from(bytes);
        const encrypt = encryptMessage(key, message, 'id');
        if (isUtf8(message)) {
          const decrypted = decryptMessage(key, encrypt);
          expect(Buffer.from(decrypted.message, 'utf8').equals(message)).toBe(true);
          expect(decrypted.receiveId).toBe('id');
        } else {
          expect(() => decryptMessage(key, encrypt)).toThrow(
            expect.objectContaining({ errcode: WeComErrorCode.IllegalBuffer }),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('signatures equal the oracle’s for arbitrary token/timestamp/nonce/encrypt, whatever the order', () => {
    const part = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.nat().map(String), fc.base64String());
    fc.assert(
      fc.property(part, part, part, part, (token, timestamp, nonce, encrypt) => {
        const ours = computeSignature(token, timestamp, nonce, encrypt);
        expect(ours).toBe(oracle.getSignature(token, timestamp, nonce, encrypt));
        // The one-shot crypto.hash of signature.ts against a Hash object over the same sorted input.
        expect(ours).toBe(createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex'));
        expect(ours).toMatch(/^[0-9a-f]{40}$/);
        expect(computeSignature(encrypt, nonce, timestamp, token)).toBe(ours);
        const crypto = new WeComCrypto({ token, encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' });
        expect(() => crypto.verifySignature(ours, timestamp, nonce, encrypt)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  describe('damaged ciphertexts only ever raise WeComProtocolError', () => {
    const encodingAESKey = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
    const key = deriveAesKey(encodingAESKey);
    const crypto = new WeComCrypto({ token: 't', encodingAESKey });
    const receiveId = 'wx5823bf96d3bd56c7';

    /** Runs both decrypt entry points; anything thrown must be a WeComProtocolError with a known code. */
    function decryptOrRefuse(encrypt: string): void {
      for (const attempt of [() => decryptMessage(key, encrypt), () => crypto.decrypt(encrypt, receiveId)]) {
        try {
          const result = attempt();
          expect(typeof result.message).toBe('string');
          expect(typeof result.receiveId).toBe('string');
        } catch (error) {
          if (!(error instanceof WeComProtocolError)) throw error; // a TypeError/RangeError fails the property
          expect([...DECRYPT_CODES, WeComErrorCode.ValidateCorpidError]).toContain(error.errcode);
        }
      }
    }

    const base64Char = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n!Ł\u0000'.split(''));
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), char: base64Char }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ unit: base64Char, minLength: 1, maxLength: 8 }) }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('flipByte' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
    );
    type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

    function mutate(encrypt: string, m: Mutation): string {
      const at = m.at % (encrypt.length + 1);
      switch (m.kind) {
        case 'replace':
          return encrypt.slice(0, at) + m.char + encrypt.slice(at + 1);
        case 'insert':
          return encrypt.slice(0, at) + m.text + encrypt.slice(at);
        case 'delete':
          return encrypt.slice(0, at) + encrypt.slice(at + m.count);
        case 'truncate':
          return encrypt.slice(0, at);
        case 'flipByte': {
          // Stays valid base64, so the damage reaches AES, the padding and the envelope checks.
          const bytes = Buffer.from(encrypt, 'base64');
          bytes[m.at % bytes.length] ^= m.mask;
          return bytes.toString('base64');
        }
      }
    }

    it('string-level and byte-level mutations of a valid ciphertext', () => {
      fc.assert(
        fc.property(textArb, fc.array(mutation, { minLength: 1, maxLength: 4 }), (message, mutations) => {
          const encrypt = mutations.reduce(mutate, encryptMessage(key, message, receiveId));
          decryptOrRefuse(encrypt);
        }),
        { numRuns: 1000 },
      );
    });

    it('arbitrary bytes as ciphertext', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
          decryptOrRefuse(Buffer.from(bytes).toString('base64'));
        }),
        { numRuns: 500 },
      );
    });

    it('arbitrary plaintexts (valid or not): accepted ones re-encrypt to the very same ciphertext', () => {
      // Plaintexts built near the valid shape, so that both acceptance and every refusal are reached.
      const plaintextArb = fc
        .record({
          random: randomArb,
          msg: fc.uint8Array({ maxLength: 80 }),
          id: fc.uint8Array({ maxLength: 24 }),
          msgLenDelta: fc.oneof(fc.constant(0), fc.integer({ min: -4, max: 30 }), fc.nat()),
          padding: fc.oneof(fc.constant('valid' as const), fc.constant('random' as const)),
          tail: fc.uint8Array({ minLength: 32, maxLength: 32 }),
        })
        .map(({ random, msg, id, msgLenDelta, padding, tail }) => {
          const header = Buffer.alloc(20);
          random.copy(header);
          header.writeUInt32BE(Math.max(0, msg.length + msgLenDelta) >>> 0, 16);
          const body = Buffer.concat([header, msg, id]);
          const n = 32 - (body.length % 32);
          const pad = padding === 'valid' ? Buffer.alloc(n, n) : Buffer.from(tail.subarray(0, n));
          return Buffer.concat([body, pad]);
        });
      let accepted = 0;
      fc.assert(
        fc.property(plaintextArb, (plain) => {
          const encrypt = rawEncrypt(key, plain);
          let result;
          try {
            result = decryptMessage(key, encrypt);
          } catch (error) {
            if (!(error instanceof WeComProtocolError)) throw error;
            expect(DECRYPT_CODES).toContain(error.errcode);
            return;
          }
          accepted++;
          // Strictness means "canonical": anything we accept is exactly what encryptMessage would emit.
          const random = rawDecrypt(key, encrypt).subarray(0, 16);
          expect(encryptMessage(key, result.message, result.receiveId, Buffer.from(random))).toBe(encrypt);
        }),
        { numRuns: 1000 },
      );
      expect(accepted).toBeGreaterThan(0);
    });
  });
});
