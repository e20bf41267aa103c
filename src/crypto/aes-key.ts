import { WeComErrorCode } from '../errors/wecom-error-codes.js';
import { WeComProtocolError } from '../errors/wecom-protocol.error.js';

/** An EncodingAESKey is exactly 43 characters (PROTOCOL.md §1.1). */
const ENCODING_AES_KEY_LENGTH = 43;
const AES_KEY_BYTES = 32;

/**
 * Turns the console's EncodingAESKey into the 32-byte AES-256 key (its first 16 bytes are also the IV).
 *
 * Decoding is deliberately lenient about the last character: 43 base64 characters carry 258 bits, so
 * the last 2 bits are discarded, and most real keys are *non-canonical* base64 (PROTOCOL.md §1.1 trap:
 * `…B2C` decodes like `…B2A`). A strict decoder would reject official keys; Node's decoder does not.
 * The alphabet check is strict instead, because Node's decoder would silently skip or accept characters
 * (`-`, `_`, spaces, `+`, `/`) that the console never emits, hiding a mis-pasted key.
 *
 * Errors name what is wrong but never echo the key: it is a secret.
 */
export function deriveAesKey(encodingAESKey: string): Buffer {
  if (typeof encodingAESKey !== 'string') {
    throw illegalKey(`EncodingAESKey must be a string, got ${typeof encodingAESKey}`);
  }
  if (encodingAESKey.length !== ENCODING_AES_KEY_LENGTH) {
    throw illegalKey(
      `EncodingAESKey must be exactly ${ENCODING_AES_KEY_LENGTH} characters, got ${encodingAESKey.length}`,
    );
  }
  for (let i = 0; i < ENCODING_AES_KEY_LENGTH; i++) {
    if (!isAlphanumeric(encodingAESKey.charCodeAt(i))) {
      // The key is a secret: name the one offending character (escaped) and where it is, never the rest.
      const code = encodingAESKey.charCodeAt(i);
      throw illegalKey(
        `EncodingAESKey may only contain letters and digits: character ${i + 1} of ${ENCODING_AES_KEY_LENGTH} is ` +
          `${JSON.stringify(encodingAESKey[i])} (U+${code.toString(16).toUpperCase().padStart(4, '0')})`,
      );
    }
  }
  const decoded = Buffer.from(`${encodingAESKey}=`, 'base64');
  if (decoded.length !== AES_KEY_BYTES) {
    // Unreachable for 43 alphanumeric characters; kept because the official libraries check it too.
    throw illegalKey(`EncodingAESKey must decode to ${AES_KEY_BYTES} bytes, got ${decoded.length}`);
  }
  // Copy into a buffer of its own: small Buffer.from() results live in Node's shared 8 KiB pool,
  // and the key should not share memory with unrelated buffers.
  const key = Buffer.alloc(AES_KEY_BYTES);
  decoded.copy(key);
  return key;
}

function isAlphanumeric(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) || // 0-9
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x61 && code <= 0x7a) // a-z
  );
}

function illegalKey(message: string): WeComProtocolError {
  return new WeComProtocolError(WeComErrorCode.IllegalAesKey, message);
}
