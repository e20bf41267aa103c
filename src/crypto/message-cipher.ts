import { randomBytes } from 'node:crypto';
import { oneShotCbc, type BlockCipher } from './aes-cbc.js';
import { WeComErrorCode } from '../errors/wecom-error-codes.js';
import { WeComProtocolError } from '../errors/wecom-protocol.error.js';

/**
 * The WeCom message envelope (PROTOCOL.md §1.3), before padding:
 *   random(16) || msg_len (uint32 big-endian, UTF-8 BYTE length of msg) || msg (UTF-8) || receiveid (UTF-8)
 * padded PKCS#7-style to a multiple of 32 bytes (not 16: §1.4), then AES-256-CBC with IV = key[0..16).
 */
const RANDOM_BYTES = 16;
const HEADER_BYTES = RANDOM_BYTES + 4;
const PAD_BLOCK = 32;
const AES_KEY_BYTES = 32;

/** What a ciphertext carries. The receiveId is returned unchecked: checking it is the caller's job. */
export interface DecryptedMessage {
  message: string;
  receiveId: string;
}

/**
 * Fatal, so that a malformed plaintext is refused (-40008) instead of silently turned into U+FFFD.
 * ignoreBOM: true because the default (false) would *strip* a leading U+FEFF from the message, and the
 * result must be the exact bytes WeCom encrypted. Stateless between calls (no `stream: true`), so one
 * shared instance is safe.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The random prefixes of replies, drawn from the CSPRNG 4 KiB at a time: one randomBytes(16) call per
 * reply cost ~3 µs (a synchronous trip into OpenSSL each time), as much as the AES itself. Every
 * prefix is still fresh CSPRNG output and is used exactly once; the same batching randomUUID() does.
 */
const RANDOM_BATCH_BYTES = 4096;
let randomBatch = Buffer.alloc(0);
let randomOffset = 0;

function freshRandomPrefix(): Buffer {
  if (randomOffset + RANDOM_BYTES > randomBatch.length) {
    randomBatch = randomBytes(RANDOM_BATCH_BYTES);
    randomOffset = 0;
  }
  const prefix = randomBatch.subarray(randomOffset, randomOffset + RANDOM_BYTES);
  randomOffset += RANDOM_BYTES;
  return prefix;
}

/**
 * Encrypts `message` for WeCom (passive replies, tests). `random` defaults to 16 fresh random bytes;
 * pass it only to reproduce a known ciphertext. A string message is UTF-8 encoded (lone surrogates
 * become U+FFFD, as Buffer.from does); a Buffer is taken as the exact bytes.
 */
export function encryptMessage(
  aesKey: Buffer,
  message: string | Buffer,
  receiveId: string,
  random: Buffer = freshRandomPrefix(),
): string {
  assertKey(aesKey);
  return sealMessage(oneShotCbc(aesKey), message, receiveId, random);
}

/** encryptMessage with the app's own cipher (WeComCrypto keeps one per key: aes-cbc.ts). */
export function sealMessage(cbc: BlockCipher, message: string | Buffer, receiveId: string, random: Buffer = freshRandomPrefix()): string {
  if (!Buffer.isBuffer(random) || random.length !== RANDOM_BYTES) {
    throw new WeComProtocolError(
      WeComErrorCode.EncryptAESError,
      `the random prefix must be exactly ${RANDOM_BYTES} bytes, got ${describeSize(random)}`,
    );
  }
  const isString = typeof message === 'string';
  const msgLength = isString ? Buffer.byteLength(message, 'utf8') : message.length;
  const idLength = Buffer.byteLength(receiveId, 'utf8');
  const unpadded = HEADER_BYTES + msgLength + idLength;
  // §1.4: pad is 1..32, a full block of 32 when already aligned; never 0.
  const pad = PAD_BLOCK - (unpadded % PAD_BLOCK);

  // One buffer, written in place: no intermediate Buffer per part and no Buffer.concat.
  const plain = Buffer.allocUnsafe(unpadded + pad);
  random.copy(plain, 0);
  plain.writeUInt32BE(msgLength, RANDOM_BYTES);
  if (isString) plain.write(message, HEADER_BYTES, 'utf8');
  else message.copy(plain, HEADER_BYTES);
  plain.write(receiveId, HEADER_BYTES + msgLength, 'utf8');
  plain.fill(pad, unpadded);

  // We padded to 32 ourselves (OpenSSL's padding would pad to 16), so the cipher runs without padding.
  return cbc.encrypt(plain).toString('base64');
}

/**
 * Decrypts an Encrypt value and splits it into message and receiveId. STRICT (PROTOCOL.md §1.4
 * recommendation), where the official libraries are lenient: WeCom always produces canonical base64 and
 * valid 1..32 padding, so anything else is tampering or a wrong key, and is refused with the official code:
 *   -40010 not base64 · -40007 bad length or padding · -40008 envelope too short, msg_len overflow, bad UTF-8.
 * Does NOT check the receiveId (see WeComCrypto.decrypt).
 *
 * The distinct error codes would form a padding oracle if decryption were reachable without a valid
 * signature: always verify msg_signature first.
 */
export function decryptMessage(aesKey: Buffer, encrypt: string): DecryptedMessage {
  assertKey(aesKey);
  return openMessage(oneShotCbc(aesKey), encrypt);
}

/** decryptMessage with the app's own cipher (WeComCrypto keeps one per key: aes-cbc.ts). */
export function openMessage(cbc: BlockCipher, encrypt: string): DecryptedMessage {
  const encrypted = decodeBase64(encrypt);
  if (encrypted.length === 0 || encrypted.length % PAD_BLOCK !== 0) {
    throw new WeComProtocolError(
      WeComErrorCode.DecryptAESError,
      `ciphertext must be a non-empty multiple of ${PAD_BLOCK} bytes, got ${encrypted.length}`,
    );
  }

  const plain = cbc.decrypt(encrypted);

  const total = plain.length;
  const pad = plain[total - 1];
  if (pad < 1 || pad > PAD_BLOCK) {
    throw new WeComProtocolError(
      WeComErrorCode.DecryptAESError,
      `invalid padding value ${pad} (expected 1..${PAD_BLOCK}); wrong EncodingAESKey or altered ciphertext`,
    );
  }
  for (let i = total - pad; i < total - 1; i++) {
    if (plain[i] !== pad) {
      throw new WeComProtocolError(
        WeComErrorCode.DecryptAESError,
        'inconsistent padding bytes; wrong EncodingAESKey or altered ciphertext',
      );
    }
  }

  const end = total - pad;
  if (end < HEADER_BYTES) {
    throw new WeComProtocolError(
      WeComErrorCode.IllegalBuffer,
      `decrypted content is ${end} bytes, shorter than the ${HEADER_BYTES}-byte random + msg_len header`,
    );
  }
  const msgLength = plain.readUInt32BE(RANDOM_BYTES);
  const msgEnd = HEADER_BYTES + msgLength; // ≤ 2^32 + 19: exact in a double, no overflow
  if (msgEnd > end) {
    throw new WeComProtocolError(
      WeComErrorCode.IllegalBuffer,
      `msg_len ${msgLength} exceeds the ${end - HEADER_BYTES} bytes available after the header`,
    );
  }

  try {
    return {
      message: utf8.decode(plain.subarray(HEADER_BYTES, msgEnd)),
      receiveId: utf8.decode(plain.subarray(msgEnd, end)),
    };
  } catch {
    throw new WeComProtocolError(WeComErrorCode.IllegalBuffer, 'decrypted message or receiveid is not valid UTF-8');
  }
}

/**
 * Decodes Encrypt, refusing anything that is not canonical standard base64 (PROTOCOL.md §1.4
 * recommendation: WeCom's encoder always emits canonical base64 of a 32n-byte ciphertext).
 *
 * Node's decoder is forgiving: it skips invalid characters and whitespace, stops at a stray '=', accepts
 * the URL-safe alphabet and missing padding. Instead of scanning the string in JS (a regex over ~500
 * characters costs more than this whole check), decode natively and re-encode: if the result equals the
 * input, the input is by definition canonical base64, whatever the decoder tolerated. This is slightly
 * stricter than /^[A-Za-z0-9+/]+={0,2}$/ with length%4==0: it also refuses non-zero unused bits before
 * the '=' padding, which no standard encoder produces.
 */
function decodeBase64(encrypt: string): Buffer {
  if (typeof encrypt !== 'string') {
    throw new WeComProtocolError(WeComErrorCode.DecodeBase64Error, `Encrypt must be a string, got ${typeof encrypt}`);
  }
  const decoded = Buffer.from(encrypt, 'base64');
  if (encrypt.length === 0 || decoded.toString('base64') !== encrypt) {
    throw new WeComProtocolError(
      WeComErrorCode.DecodeBase64Error,
      `Encrypt is not base64: ${describeBase64Problem(encrypt)}`,
    );
  }
  return decoded;
}

/** Error path only, so it may be slow: says which rule the value breaks, without echoing it. */
function describeBase64Problem(encrypt: string): string {
  if (encrypt.length === 0) return 'it is empty';
  if (encrypt.length % 4 !== 0) return `length ${encrypt.length} is not a multiple of 4`;
  const bad = encrypt.search(/[^A-Za-z0-9+/=]/);
  if (bad !== -1) return `character at position ${bad} is outside [A-Za-z0-9+/=]`;
  return "misplaced '=' padding or non-canonical trailing bits";
}

/** A key that is not 32 bytes would make node:crypto throw a RangeError; report it in WeCom's terms. */
function assertKey(aesKey: Buffer): void {
  if (!Buffer.isBuffer(aesKey) || aesKey.length !== AES_KEY_BYTES) {
    throw new WeComProtocolError(
      WeComErrorCode.IllegalAesKey,
      `AES key must be a ${AES_KEY_BYTES}-byte Buffer (use deriveAesKey), got ${describeSize(aesKey)}`,
    );
  }
}

function describeSize(value: unknown): string {
  return Buffer.isBuffer(value) ? `${value.length} bytes` : typeof value;
}
