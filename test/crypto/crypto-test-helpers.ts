/**
 * Test-only helpers for the crypto specs. They use node:crypto directly, never src/crypto, so that
 * they can build inputs our code would refuse to produce (bad padding, lying msg_len, invalid UTF-8)
 * and inspect ciphertexts independently of the code under test.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { WeComProtocolError } from '../../src/errors/wecom-protocol.error.js';

export { loadOfficialVectors, type OfficialVector } from '../support/official-keys.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const ALNUM_CHARS: readonly string[] = [...ALNUM];

/** A fresh random EncodingAESKey (43 alphanumerics; usually non-canonical base64, like real ones). */
export function randomEncodingAESKey(): string {
  return [...randomBytes(43)].map((byte) => ALNUM[byte % ALNUM.length]).join('');
}

/** Key derivation written independently of src/crypto (PROTOCOL.md §1.1). */
export function referenceKey(encodingAESKey: string): Buffer {
  return Buffer.from(`${encodingAESKey}=`, 'base64');
}

/** AES-256-CBC, IV = key[0..16), no padding at all: the caller controls every plaintext byte. */
export function rawEncrypt(key: Buffer, plaintext: Buffer): string {
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plaintext), cipher.final()]).toString('base64');
}

/** Inverse of rawEncrypt: the padded plaintext, pad bytes included. */
export function rawDecrypt(key: Buffer, encrypt: string): Buffer {
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  return Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
}

/** random(16) || msg_len (BE, defaults to the true byte length) || msg || receiveid, unpadded. */
export function envelope(msg: Buffer, receiveId: Buffer, options: { random?: Buffer; msgLen?: number } = {}): Buffer {
  const header = Buffer.alloc(20);
  (options.random ?? randomBytes(16)).copy(header, 0);
  header.writeUInt32BE(options.msgLen ?? msg.length, 16);
  return Buffer.concat([header, msg, receiveId]);
}

/** PKCS#7 to 32-byte blocks, pad 1..32 (PROTOCOL.md §1.4), written independently of src/crypto. */
export function pad32(data: Buffer): Buffer {
  const n = 32 - (data.length % 32);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

/** Asserts that `fn` throws a WeComProtocolError carrying `errcode`, and returns it for more checks. */
export function expectProtocolError(fn: () => unknown, errcode: number): WeComProtocolError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(WeComProtocolError);
  expect(caught).toEqual(expect.objectContaining({ errcode }));
  return caught as WeComProtocolError;
}
