import * as oracle from '@wecom/crypto';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveAesKey } from '../../src/crypto/aes-key.js';
import { decryptMessage, encryptMessage } from '../../src/crypto/message-cipher.js';
import { computeSignature, signatureMatches } from '../../src/crypto/signature.js';
import { WeComCrypto } from '../../src/crypto/wecom-crypto.js';
import { WeComErrorCode } from '../../src/errors/wecom-error-codes.js';
import { WeComProtocolError } from '../../src/errors/wecom-protocol.error.js';
import {
  envelope,
  expectProtocolError,
  pad32,
  randomEncodingAESKey,
  rawDecrypt,
  rawEncrypt,
  referenceKey,
} from './crypto-test-helpers.js';

const CORP_ID = 'wx5823bf96d3bd56c7';
const encodingAESKey = randomEncodingAESKey();
const key = deriveAesKey(encodingAESKey);
const token = 'T0ken';
const crypto = new WeComCrypto({ token, encodingAESKey });
const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

/** Encrypts with ours, then checks the oracle and our decrypt agree on the result. */
function roundTrip(message: string, receiveId: string): { encrypt: string; plain: Buffer } {
  const encrypt = encryptMessage(key, message, receiveId);
  expect(decryptMessage(key, encrypt)).toEqual({ message, receiveId });
  const theirs = oracle.decrypt(encodingAESKey, encrypt);
  expect({ message: theirs.message, id: theirs.id }).toEqual({ message, id: receiveId });
  return { encrypt, plain: rawDecrypt(referenceKey(encodingAESKey), encrypt) };
}

describe('deriveAesKey (PROTOCOL.md §1.1)', () => {
  it('decodes key+"=" leniently and returns 32 bytes equal to the oracle-style derivation', () => {
    for (let i = 0; i < 20; i++) {
      const k = randomEncodingAESKey();
      expect(deriveAesKey(k).equals(referenceKey(k))).toBe(true);
      expect(deriveAesKey(k).length).toBe(32);
    }
  });

  it('accepts non-canonical last characters: …C and …A give the same key (the §1.1 trap)', () => {
    const base = randomEncodingAESKey().slice(0, 42);
    // 'A'..'D' differ only in the 2 discarded low bits of the 43rd character.
    const keys = ['A', 'B', 'C', 'D'].map((last) => deriveAesKey(base + last).toString('hex'));
    expect(new Set(keys).size).toBe(1);
    expect(deriveAesKey(`${base}E`).toString('hex')).not.toBe(keys[0]);
  });

  it('returns a key that does not share memory with Node’s buffer pool', () => {
    const k = deriveAesKey(randomEncodingAESKey());
    expect(k.byteOffset).toBe(0);
    expect(k.buffer.byteLength).toBe(32);
  });

  it.each([0, 1, 42, 44, 64])('refuses a key of %i characters (-40004), naming the length, not the key', (length) => {
    const bad = (randomEncodingAESKey() + randomEncodingAESKey()).slice(0, length);
    const error = expectProtocolError(() => deriveAesKey(bad), WeComErrorCode.IllegalAesKey);
    expect(error.message).toContain(String(length));
    // Only meaningful for keys long enough not to occur in ordinary words by chance.
    if (length >= 8) expect(error.message).not.toContain(bad);
    expectProtocolError(() => new WeComCrypto({ token, encodingAESKey: bad }), WeComErrorCode.IllegalAesKey);
  });

  it.each(['+', '/', '=', '-', '_', ' ', 'é', '\n'])('refuses a 43-character key containing %j (-40004)', (char) => {
    const base = randomEncodingAESKey();
    const bad = `${base.slice(0, 20)}${char}${base.slice(21)}`;
    expect(bad.length).toBe(43);
    const error = expectProtocolError(() => deriveAesKey(bad), WeComErrorCode.IllegalAesKey);
    expect(error.message).not.toContain(bad);
    expect(error.message).not.toContain(base.slice(0, 20));
    // It names the position and shows the character, with its code point (an invisible one shows that way).
    expect(error.message).toContain(`character 21 of 43 is ${JSON.stringify(char)} (U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`);
  });

  it('refuses a non-string key (-40004)', () => {
    expectProtocolError(() => deriveAesKey(undefined as unknown as string), WeComErrorCode.IllegalAesKey);
  });
});

describe('signatures (PROTOCOL.md §1.2)', () => {
  it('agrees with the oracle and sorts as strings, not numbers', () => {
    // Numerically 9 < 10, as strings '10' < '9': the two orders give different concatenations.
    const cases: Array<[string, string, string, string]> = [
      ['token', '9', '10', 'enc'],
      ['QDG6eK', '1409659589', '263014780', 'P9nA'],
      ['a', 'A', 'b', 'B'],
      ['', '', '', ''],
      ['令牌', '1', 'nonce', '密文'],
    ];
    for (const [t, ts, n, e] of cases) {
      const ours = computeSignature(t, ts, n, e);
      expect(ours).toBe(oracle.getSignature(t, ts, n, e));
      expect(ours).toMatch(/^[0-9a-f]{40}$/);
    }
    expect(computeSignature('token', '9', '10', 'enc')).toBe(computeSignature('enc', '10', '9', 'token'));
    expect(computeSignature('token', '9', '10', 'enc')).not.toBe(computeSignature('token', '9', '11', 'enc'));
  });

  it('signatureMatches: true only for the identical string', () => {
    const sig = computeSignature(token, '1', '2', 'x');
    expect(signatureMatches(sig, sig)).toBe(true);
    expect(signatureMatches(sig, computeSignature(token, '1', '2', 'x'))).toBe(true);
    for (let i = 0; i < sig.length; i++) {
      const flipped = sig.slice(0, i) + (sig[i] === 'a' ? 'b' : 'a') + sig.slice(i + 1);
      expect(signatureMatches(sig, flipped)).toBe(false);
    }
    // Case-sensitive: WeCom sends lowercase hex; an uppercased copy is a different string.
    const letter = sig.search(/[a-f]/);
    expect(letter).toBeGreaterThanOrEqual(0);
    const upper = sig.slice(0, letter) + sig[letter].toUpperCase() + sig.slice(letter + 1);
    expect(signatureMatches(sig, upper)).toBe(false);
  });

  it('signatureMatches: lengths differ → false, without throwing', () => {
    const sig = computeSignature(token, '1', '2', 'x');
    expect(signatureMatches(sig, sig.slice(0, 39))).toBe(false);
    expect(signatureMatches(sig, `${sig}0`)).toBe(false);
    expect(signatureMatches(sig, '')).toBe(false);
    expect(signatureMatches('', sig)).toBe(false);
    // Same UTF-16 length, different UTF-8 byte length: timingSafeEqual would throw a RangeError.
    expect(signatureMatches(sig, 'é'.repeat(40))).toBe(false);
    expect(signatureMatches('é'.repeat(40), sig)).toBe(false);
  });

  it('signatureMatches: non-strings → false', () => {
    const sig = computeSignature(token, '1', '2', 'x');
    for (const bad of [undefined, null, 42, [sig], Buffer.from(sig), { toString: () => sig }]) {
      expect(signatureMatches(sig, bad as unknown as string)).toBe(false);
      expect(signatureMatches(bad as unknown as string, sig)).toBe(false);
    }
  });

  it('verifySignature: -40001 with words about the token, never echoing the token or the expected signature', () => {
    const encrypt = crypto.encrypt('hi', CORP_ID);
    const good = crypto.sign('1700000000', 'n0nce', encrypt);
    expect(() => crypto.verifySignature(good, '1700000000', 'n0nce', encrypt)).not.toThrow();
    for (const bad of ['', 'x', good.slice(1), good.toUpperCase(), undefined as unknown as string]) {
      if (bad === good) continue;
      const error = expectProtocolError(
        () => crypto.verifySignature(bad, '1700000000', 'n0nce', encrypt),
        WeComErrorCode.ValidateSignatureError,
      );
      expect(error.message).toMatch(/msg_signature does not match/);
      expect(error.message).toMatch(/token/);
      expect(error.message).not.toContain(token);
      expect(error.message).not.toContain(good);
    }
  });
});

describe('padding to 32 bytes (PROTOCOL.md §1.4)', () => {
  const unpaddedLength = (msgBytes: number, id: string): number => 20 + msgBytes + Buffer.byteLength(id);

  it('pads a block-aligned envelope with a full block of 32 × 0x20', () => {
    const msgBytes = (32 - (unpaddedLength(0, CORP_ID) % 32)) % 32;
    expect(unpaddedLength(msgBytes, CORP_ID) % 32).toBe(0);
    const { plain } = roundTrip('m'.repeat(msgBytes), CORP_ID);
    expect(plain.length).toBe(unpaddedLength(msgBytes, CORP_ID) + 32);
    expect([...plain.subarray(plain.length - 32)]).toEqual(new Array(32).fill(32));
  });

  it('pads with a single 0x01 when one byte is missing', () => {
    const msgBytes = (31 - (unpaddedLength(0, CORP_ID) % 32) + 32) % 32;
    const { plain } = roundTrip('m'.repeat(msgBytes), CORP_ID);
    expect(plain.length % 32).toBe(0);
    expect(plain[plain.length - 1]).toBe(1);
    expect(plain[plain.length - 2]).not.toBe(1);
    expect(plain.length).toBe(unpaddedLength(msgBytes, CORP_ID) + 1);
  });

  it('produces every pad value 1..32 and agrees with the oracle byte for byte', () => {
    const seen = new Set<number>();
    for (let msgBytes = 0; msgBytes < 32; msgBytes++) {
      const random = randomBytes(16);
      const message = 'x'.repeat(msgBytes);
      const ours = encryptMessage(key, message, CORP_ID, random);
      expect(ours).toBe(oracle.encrypt(encodingAESKey, message, CORP_ID, random));
      const plain = rawDecrypt(key, ours);
      const pad = plain[plain.length - 1];
      expect(plain.length).toBe(unpaddedLength(msgBytes, CORP_ID) + pad);
      seen.add(pad);
      expect(decryptMessage(key, ours).message).toBe(message);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
  });
});

describe('message and receiveid encoding (PROTOCOL.md §1.3)', () => {
  it('msg_len counts UTF-8 bytes, not characters', () => {
    const message = '你好, WeCom 🙂 é';
    const { plain } = roundTrip(message, CORP_ID);
    expect(plain.readUInt32BE(16)).toBe(Buffer.byteLength(message, 'utf8'));
    expect(plain.readUInt32BE(16)).not.toBe(message.length);
    expect(plain.subarray(20, 20 + plain.readUInt32BE(16)).toString('utf8')).toBe(message);
  });

  it('round-trips multi-byte receiveids and the empty receiveid of AI bots', () => {
    roundTrip('hello', '企业🙂');
    roundTrip('{"msgtype":"text"}', '');
    roundTrip('', CORP_ID);
    roundTrip('', '');
  });

  it('keeps a leading BOM (U+FEFF) in message and receiveid, like the oracle', () => {
    roundTrip('\uFEFF<xml/>', '\uFEFFid');
  });

  it('encodes a lone surrogate as U+FFFD, like Buffer.from and the oracle', () => {
    const encrypt = encryptMessage(key, 'a\uD800b', CORP_ID);
    expect(decryptMessage(key, encrypt).message).toBe('a\uFFFDb');
    expect(oracle.decrypt(encodingAESKey, encrypt).message).toBe('a\uFFFDb');
  });

  it('encrypts a Buffer message as its exact bytes', () => {
    const bytes = utf8('<xml>你好</xml>');
    const random = randomBytes(16);
    expect(encryptMessage(key, bytes, CORP_ID, random)).toBe(encryptMessage(key, bytes.toString('utf8'), CORP_ID, random));
    expect(oracle.encrypt(encodingAESKey, bytes as unknown as string, CORP_ID, random)).toBe(
      encryptMessage(key, bytes, CORP_ID, random),
    );
  });

  it('produces different ciphertexts for the same message (fresh random prefix)', () => {
    expect(encryptMessage(key, 'same', CORP_ID)).not.toBe(encryptMessage(key, 'same', CORP_ID));
  });

  it('refuses a random prefix that is not 16 bytes (-40006) and a key that is not 32 bytes (-40004)', () => {
    for (const size of [0, 15, 17]) {
      expectProtocolError(() => encryptMessage(key, 'x', CORP_ID, Buffer.alloc(size)), WeComErrorCode.EncryptAESError);
    }
    const encrypt = encryptMessage(key, 'x', CORP_ID);
    for (const size of [0, 16, 24, 33]) {
      expectProtocolError(() => decryptMessage(Buffer.alloc(size), encrypt), WeComErrorCode.IllegalAesKey);
      expectProtocolError(() => encryptMessage(Buffer.alloc(size), 'x', CORP_ID), WeComErrorCode.IllegalAesKey);
    }
  });
});

describe('receiveid check (PROTOCOL.md §1.5)', () => {
  it('string: exact match only, -40005 otherwise, naming both ids', () => {
    const encrypt = crypto.encrypt('<xml/>', CORP_ID);
    expect(crypto.decrypt(encrypt, CORP_ID).message).toBe('<xml/>');
    for (const expected of ['wx5823bf96d3bd56c8', CORP_ID.toUpperCase(), `${CORP_ID} `, '', 'ww']) {
      const error = expectProtocolError(() => crypto.decrypt(encrypt, expected), WeComErrorCode.ValidateCorpidError);
      expect(error.message).toContain(JSON.stringify(CORP_ID));
      expect(error.message).toContain(JSON.stringify(expected));
    }
  });

  it("string: '' must equal '' (AI bots): a non-empty id is refused, not skipped", () => {
    const bot = crypto.encrypt('{}', '');
    expect(crypto.decrypt(bot, '')).toEqual({ message: '{}', receiveId: '' });
    expectProtocolError(() => crypto.decrypt(bot, CORP_ID), WeComErrorCode.ValidateCorpidError);
    expectProtocolError(() => crypto.decrypt(crypto.encrypt('{}', CORP_ID), ''), WeComErrorCode.ValidateCorpidError);
  });

  it('predicate: called with the decrypted id; false → -40005', () => {
    const encrypt = crypto.encrypt('<xml/>', 'wwAuthCorp');
    const seen: string[] = [];
    const allow = (id: string): boolean => {
      seen.push(id);
      return id === 'wwAuthCorp';
    };
    expect(crypto.decrypt(encrypt, allow).receiveId).toBe('wwAuthCorp');
    expect(seen).toEqual(['wwAuthCorp']);
    const error = expectProtocolError(() => crypto.decrypt(encrypt, () => false), WeComErrorCode.ValidateCorpidError);
    expect(error.message).toContain('"wwAuthCorp"');
    // Only a literal `true` passes: a sloppy predicate returning a truthy non-boolean is not trusted.
    expectProtocolError(
      () => crypto.decrypt(encrypt, (() => 'yes') as unknown as (id: string) => boolean),
      WeComErrorCode.ValidateCorpidError,
    );
  });

  it('decryptMessage itself does not check the receiveid', () => {
    expect(decryptMessage(key, encryptMessage(key, 'm', 'anything')).receiveId).toBe('anything');
  });
});

describe('strict decryption of hand-built ciphertexts (PROTOCOL.md §1.4 recommendation)', () => {
  const id = utf8(CORP_ID);

  it('accepts a hand-built valid envelope (control for the negative cases below)', () => {
    const encrypt = rawEncrypt(key, pad32(envelope(utf8('hello'), id)));
    expect(decryptMessage(key, encrypt)).toEqual({ message: 'hello', receiveId: CORP_ID });
    expect(oracle.decrypt(encodingAESKey, encrypt).message).toBe('hello');
  });

  it.each([
    ['p = 0', 0],
    ['p = 33', 33],
    ['p = 255', 255],
  ])('refuses pad value out of 1..32: %s (-40007)', (_name, p) => {
    // At least 33 trailing bytes all equal to p, so only the range check can refuse it.
    const body = envelope(utf8('hello'), Buffer.alloc(0));
    const total = Math.ceil((body.length + 33) / 32) * 32;
    const plain = Buffer.concat([body, Buffer.alloc(total - body.length, p)]);
    expect(plain[plain.length - 1]).toBe(p);
    expectProtocolError(() => decryptMessage(key, rawEncrypt(key, plain)), WeComErrorCode.DecryptAESError);
  });

  it('refuses inconsistent pad bytes (-40007), wherever the wrong byte is', () => {
    const padded = pad32(envelope(utf8('hello'), id));
    const p = padded[padded.length - 1];
    expect(p).toBeGreaterThan(2);
    for (const offset of [2, p]) {
      const plain = Buffer.from(padded);
      plain[plain.length - offset] ^= 0x01;
      expectProtocolError(() => decryptMessage(key, rawEncrypt(key, plain)), WeComErrorCode.DecryptAESError);
    }
  });

  it('refuses a ciphertext that is not a multiple of 32 bytes (-40007)', () => {
    const oneBlock = rawEncrypt(key, randomBytes(16));
    expectProtocolError(() => decryptMessage(key, oneBlock), WeComErrorCode.DecryptAESError);
    for (const size of [48, 80]) {
      // Everything else is valid (envelope + PKCS#7 to 16), so only the length rule can refuse it.
      const body = envelope(utf8('m'.repeat(size - 21)), Buffer.alloc(0));
      const encrypt = rawEncrypt(key, Buffer.concat([body, Buffer.alloc(1, 1)]));
      expect(Buffer.from(encrypt, 'base64').length).toBe(size);
      expectProtocolError(() => decryptMessage(key, encrypt), WeComErrorCode.DecryptAESError);
    }
    // Valid base64 of 3 bytes: not even one AES block.
    expectProtocolError(() => decryptMessage(key, 'AAAA'), WeComErrorCode.DecryptAESError);
  });

  it('refuses content shorter than the 20-byte header (-40008); exactly 20 bytes is fine', () => {
    // 32 bytes with pad 32 → 0 bytes of content; pad 13 → 19 bytes; pad 12 → 20 bytes (msg_len 0).
    const full = Buffer.alloc(32, 32);
    expectProtocolError(() => decryptMessage(key, rawEncrypt(key, full)), WeComErrorCode.IllegalBuffer);
    const short = Buffer.concat([randomBytes(19), Buffer.alloc(13, 13)]);
    const error = expectProtocolError(() => decryptMessage(key, rawEncrypt(key, short)), WeComErrorCode.IllegalBuffer);
    expect(error.message).toMatch(/19 bytes.*header/);
    const minimal = Buffer.concat([randomBytes(16), Buffer.alloc(4), Buffer.alloc(12, 12)]);
    expect(decryptMessage(key, rawEncrypt(key, minimal))).toEqual({ message: '', receiveId: '' });
  });

  it('refuses msg_len pointing past the content (-40008); pointing at its very end is fine', () => {
    const msg = utf8('hello');
    const tooLong = [msg.length + id.length + 1, 0xffffffff, 0x80000000];
    for (const msgLen of tooLong) {
      const encrypt = rawEncrypt(key, pad32(envelope(msg, id, { msgLen })));
      expectProtocolError(() => decryptMessage(key, encrypt), WeComErrorCode.IllegalBuffer);
    }
    const swallowed = rawEncrypt(key, pad32(envelope(msg, id, { msgLen: msg.length + id.length })));
    expect(decryptMessage(key, swallowed)).toEqual({ message: `hello${CORP_ID}`, receiveId: '' });
  });

  it('refuses invalid UTF-8 in the message or the receiveid (-40008), where the oracle substitutes U+FFFD', () => {
    const invalid = [
      Buffer.from([0xff]),
      Buffer.from([0xc3]), // truncated 2-byte sequence
      Buffer.from([0xc0, 0xaf]), // overlong '/'
      Buffer.from([0xed, 0xa0, 0x80]), // UTF-16 surrogate encoded in UTF-8 (CESU-8)
      Buffer.from([0xf4, 0x90, 0x80, 0x80]), // above U+10FFFF
    ];
    for (const bad of invalid) {
      const inMessage = rawEncrypt(key, pad32(envelope(Buffer.concat([utf8('ok'), bad]), id)));
      expectProtocolError(() => decryptMessage(key, inMessage), WeComErrorCode.IllegalBuffer);
      expect(oracle.decrypt(encodingAESKey, inMessage).message).toContain('\uFFFD');
      const inId = rawEncrypt(key, pad32(envelope(utf8('ok'), Buffer.concat([id, bad]))));
      expectProtocolError(() => decryptMessage(key, inId), WeComErrorCode.IllegalBuffer);
      expectProtocolError(() => encryptMessageThenDecrypt(bad), WeComErrorCode.IllegalBuffer);
    }
  });

  it('a wrong key fails with a protocol error (garbage padding or envelope), never with plaintext', () => {
    const encrypt = encryptMessage(key, 'secret message'.repeat(4), CORP_ID);
    let refused = 0;
    for (let i = 0; i < 50; i++) {
      const other = deriveAesKey(randomEncodingAESKey());
      try {
        const result = new WeComCrypto({ token, encodingAESKey: randomEncodingAESKey() }).decrypt(encrypt, CORP_ID);
        expect(result.message).not.toContain('secret');
      } catch (error) {
        expect(error).toBeInstanceOf(WeComProtocolError);
        refused++;
      }
      expect(() => decryptMessage(other, encrypt)).toThrow(WeComProtocolError);
    }
    expect(refused).toBe(50);
  });

  function encryptMessageThenDecrypt(message: Buffer): unknown {
    return decryptMessage(key, encryptMessage(key, message, CORP_ID));
  }
});

describe('base64 of Encrypt (PROTOCOL.md §1.4: canonical standard base64 only)', () => {
  const valid = encryptMessage(key, 'hello base64', CORP_ID);

  it('control: the unaltered value decrypts', () => {
    expect(decryptMessage(key, valid).message).toBe('hello base64');
    expect(valid.length % 4).toBe(0);
  });

  it.each([
    ['empty', ''],
    ['length not a multiple of 4', 'abc'],
    ['padding stripped', valid.replace(/=+$/, '')],
    ['extra padding', `${valid}==`],
    ['invalid character', `!${valid.slice(1)}`],
    ['URL-safe alphabet', `-${valid.slice(1)}`],
    ['URL-safe underscore', `_${valid.slice(1)}`],
    ['inner whitespace', `${valid.slice(0, 8)} ${valid.slice(9)}`],
    ['trailing newline', `${valid.slice(0, -4)}\n${valid.slice(-3)}`],
    ["'=' in the middle", `${valid.slice(0, 8)}=${valid.slice(9)}`],
    ['non-ASCII character', `Ł${valid.slice(1)}`],
    ['only padding', '===='],
  ])('refuses %s (-40010)', (_name, encrypt) => {
    expect(encrypt).not.toBe(valid);
    expectProtocolError(() => decryptMessage(key, encrypt), WeComErrorCode.DecodeBase64Error);
  });

  it('refuses non-canonical unused bits before the padding (-40010), which Node’s decoder would ignore', () => {
    // The character before '=' carries 2 unused bits (the ciphertext is 32n bytes ≡ 1 or 2 mod 3).
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const padAt = valid.indexOf('=');
    expect(padAt).toBeGreaterThan(0);
    const last = alphabet.indexOf(valid[padAt - 1]);
    const tweaked = valid.slice(0, padAt - 1) + alphabet[last ^ 1] + valid.slice(padAt);
    expect(Buffer.from(tweaked, 'base64').equals(Buffer.from(valid, 'base64'))).toBe(true);
    expectProtocolError(() => decryptMessage(key, tweaked), WeComErrorCode.DecodeBase64Error);
  });

  it('refuses a non-string Encrypt (-40010)', () => {
    for (const bad of [undefined, null, 42, Buffer.from(valid)]) {
      expectProtocolError(() => decryptMessage(key, bad as unknown as string), WeComErrorCode.DecodeBase64Error);
    }
  });

  it('does not echo the Encrypt value in the error message', () => {
    const error = expectProtocolError(() => decryptMessage(key, `!${valid.slice(1)}`), WeComErrorCode.DecodeBase64Error);
    expect(error.message).not.toContain(valid.slice(1, 20));
  });
});
