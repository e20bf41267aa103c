import * as oracle from '@wecom/crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oneShotCbc, ReusableAesCbc } from '../../src/crypto/aes-cbc.js';
import { deriveAesKey } from '../../src/crypto/aes-key.js';
import { decryptMessage } from '../../src/crypto/message-cipher.js';
import { WeComCrypto } from '../../src/crypto/wecom-crypto.js';
import { WeComProtocolError } from '../../src/errors/wecom-protocol.error.js';
import { ALNUM_CHARS, envelope, pad32, rawEncrypt } from './crypto-test-helpers.js';

/**
 * WeComCrypto keeps one Cipher and one Decipher per key and re-bases each message onto the IV
 * (src/crypto/aes-cbc.ts). These properties pin that to the official @wecom/crypto and to fresh
 * node:crypto objects, over long sequences of messages in which refused ones (bad padding, a wrong
 * key, a truncated or altered ciphertext, lying lengths, bad UTF-8) sit between good ones: a refused
 * message must never change what the next one decrypts or encrypts to.
 */
const encodingAESKeyArb = fc.string({ unit: fc.constantFrom(...ALNUM_CHARS), minLength: 43, maxLength: 43 });
const textArb = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.constant(''));
const idArb = fc.oneof(fc.constant(''), fc.constant('wx5823bf96d3bd56c7'), fc.string({ unit: 'binary', maxLength: 20 }));
const randomArb = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes) => Buffer.from(bytes));

/** One step of a session; each knows how to build its Encrypt value from the session's key. */
type Step =
  | { op: 'encrypt'; message: string; id: string; random: Buffer }
  | { op: 'decrypt-good'; message: string; id: string }
  | { op: 'decrypt-wrong-key'; message: string; id: string; otherKey: string }
  | { op: 'decrypt-bad-pad'; message: string; pad: number }
  | { op: 'decrypt-truncated'; message: string; id: string; cut: number }
  | { op: 'decrypt-flipped'; message: string; id: string; at: number }
  | { op: 'decrypt-lying-length'; message: string; msgLen: number }
  | { op: 'decrypt-bad-utf8'; bytes: Buffer }
  | { op: 'decrypt-16-block'; blocks: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('encrypt' as const), message: textArb, id: idArb, random: randomArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('decrypt-good' as const), message: textArb, id: idArb }) },
  fc.record({ op: fc.constant('decrypt-wrong-key' as const), message: textArb, id: idArb, otherKey: encodingAESKeyArb }),
  fc.record({ op: fc.constant('decrypt-bad-pad' as const), message: textArb, pad: fc.oneof(fc.constant(0), fc.integer({ min: 33, max: 255 }), fc.integer({ min: 2, max: 32 })) }),
  fc.record({ op: fc.constant('decrypt-truncated' as const), message: textArb, id: idArb, cut: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ op: fc.constant('decrypt-flipped' as const), message: textArb, id: idArb, at: fc.nat() }),
  fc.record({ op: fc.constant('decrypt-lying-length' as const), message: textArb, msgLen: fc.integer({ min: 0, max: 0xffffffff }) }),
  fc.record({ op: fc.constant('decrypt-bad-utf8' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b) => Buffer.from([0xff, ...b])) }),
  fc.record({ op: fc.constant('decrypt-16-block' as const), blocks: fc.constantFrom(1, 3, 5) }),
);

/** The Encrypt value of a decrypting step, built without src/crypto (oracle, or raw AES for broken envelopes). */
function ciphertextOf(step: Exclude<Step, { op: 'encrypt' }>, encodingAESKey: string): string {
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  switch (step.op) {
    case 'decrypt-good':
      return oracle.encrypt(encodingAESKey, step.message, step.id);
    case 'decrypt-wrong-key':
      return oracle.encrypt(step.otherKey, step.message, step.id);
    case 'decrypt-bad-pad': {
      const padded = pad32(envelope(Buffer.from(step.message), Buffer.from('id')));
      // Overwrite the last byte (the pad length) with 0 or > 32, or alter one byte inside a pad of 2 or more.
      const broken = Buffer.from(padded);
      const last = broken.length - 1;
      if (step.pad >= 2 && step.pad <= 32 && broken[last] >= 2) broken[last - 1] ^= 0x01;
      else broken[last] = step.pad >= 2 && step.pad <= 32 ? 0 : step.pad;
      return rawEncrypt(key, broken);
    }
    case 'decrypt-truncated': {
      const good = oracle.encrypt(encodingAESKey, step.message, step.id);
      return good.slice(0, Math.max(1, good.length - step.cut));
    }
    case 'decrypt-flipped': {
      const bytes = Buffer.from(oracle.encrypt(encodingAESKey, step.message, step.id), 'base64');
      bytes[step.at % bytes.length] ^= 0x80;
      return bytes.toString('base64');
    }
    case 'decrypt-lying-length':
      return rawEncrypt(key, pad32(envelope(Buffer.from(step.message), Buffer.from('id'), { msgLen: step.msgLen })));
    case 'decrypt-bad-utf8':
      return rawEncrypt(key, pad32(envelope(step.bytes, Buffer.from('id'))));
    case 'decrypt-16-block':
      return rawEncrypt(key, Buffer.alloc(16 * step.blocks, 7));
  }
}

function outcome(run: () => { message: string; receiveId: string }): string {
  try {
    const { message, receiveId } = run();
    return `ok ${JSON.stringify([message, receiveId])}`;
  } catch (error) {
    if (!(error instanceof WeComProtocolError)) throw error;
    return `refused ${error.errcode} ${error.message}`;
  }
}

describe('ReusableAesCbc: long-lived AES objects, re-based onto the IV per message', () => {
  it('over any sequence of good and refused messages, every answer equals a fresh decipher’s and the oracle’s', () => {
    fc.assert(
      fc.property(encodingAESKeyArb, fc.array(stepArb, { minLength: 1, maxLength: 12 }), (encodingAESKey, steps) => {
        const key = deriveAesKey(encodingAESKey);
        const session = new WeComCrypto({ token: 't', encodingAESKey });
        const anyId = () => true;
        for (const step of steps) {
          if (step.op === 'encrypt') {
            const ours = session.encrypt(step.message, step.id, step.random);
            expect(ours).toBe(oracle.encrypt(encodingAESKey, step.message, step.id, step.random));
            const theirs = oracle.decrypt(encodingAESKey, ours);
            expect([theirs.message, theirs.id]).toEqual([step.message, step.id]);
            continue;
          }
          const encrypt = ciphertextOf(step, encodingAESKey);
          const reused = outcome(() => session.decrypt(encrypt, anyId));
          expect(reused).toBe(outcome(() => decryptMessage(key, encrypt)));
          if (step.op === 'decrypt-good') expect(reused).toBe(`ok ${JSON.stringify([step.message, step.id])}`);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a good message right after each kind of refused one decrypts exactly (the state never leaks across messages)', () => {
    const encodingAESKey = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
    const session = new WeComCrypto({ token: 't', encodingAESKey });
    const refused: Step[] = [
      { op: 'decrypt-bad-pad', message: 'x'.repeat(40), pad: 0 },
      { op: 'decrypt-bad-pad', message: 'x', pad: 200 },
      { op: 'decrypt-bad-pad', message: 'x'.repeat(9), pad: 5 },
      { op: 'decrypt-wrong-key', message: 'hello', id: 'wx5823bf96d3bd56c7', otherKey: 'A'.repeat(43) },
      { op: 'decrypt-truncated', message: 'a longer message that spans blocks', id: 'wx5823bf96d3bd56c7', cut: 4 },
      { op: 'decrypt-truncated', message: 'a longer message that spans blocks', id: 'wx5823bf96d3bd56c7', cut: 44 },
      { op: 'decrypt-flipped', message: 'a longer message that spans blocks', id: 'wx5823bf96d3bd56c7', at: 40 },
      { op: 'decrypt-lying-length', message: 'abc', msgLen: 0xffffffff },
      { op: 'decrypt-bad-utf8', bytes: Buffer.from([0xff, 0xfe]) },
      { op: 'decrypt-16-block', blocks: 3 },
    ];
    for (const [index, step] of refused.entries()) {
      expect(outcome(() => session.decrypt(ciphertextOf(step as Exclude<Step, { op: 'encrypt' }>, encodingAESKey), () => true))).toMatch(/^refused -400/);
      const message = `<xml><Content><![CDATA[message after refusal ${index}]]></Content></xml>`;
      expect(session.decrypt(oracle.encrypt(encodingAESKey, message, 'wx5823bf96d3bd56c7'), 'wx5823bf96d3bd56c7')).toEqual({ message, receiveId: 'wx5823bf96d3bd56c7' });
      const random = Buffer.alloc(16, index);
      expect(session.encrypt(message, 'wx5823bf96d3bd56c7', random)).toBe(oracle.encrypt(encodingAESKey, message, 'wx5823bf96d3bd56c7', random));
    }
  });

  it('block for block, the reusable cipher equals fresh node:crypto objects on any sequence of whole-block inputs', () => {
    const blocksArb = fc.integer({ min: 1, max: 8 }).chain((n) => fc.uint8Array({ minLength: 16 * n, maxLength: 16 * n }).map((b) => Buffer.from(b)));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.array(fc.tuple(fc.boolean(), blocksArb), { minLength: 1, maxLength: 10 }), (keyBytes, inputs) => {
        const key = Buffer.from(keyBytes);
        const reusable = new ReusableAesCbc(key);
        const fresh = oneShotCbc(key);
        for (const [encrypting, input] of inputs) {
          if (encrypting) expect(reusable.encrypt(Buffer.from(input))).toEqual(fresh.encrypt(Buffer.from(input)));
          else expect(reusable.decrypt(Buffer.from(input))).toEqual(fresh.decrypt(Buffer.from(input)));
        }
      }),
      { numRuns: 300 },
    );
  });
});
