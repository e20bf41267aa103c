import { createCipheriv, createDecipheriv, type Cipher, type Decipher } from 'node:crypto';

/**
 * AES-256-CBC over whole 16-byte blocks, without padding (PROTOCOL.md §1.3 pads to 32 itself), with
 * WeCom's fixed IV = key[0..16) (§1.1).
 */
export interface BlockCipher {
  /** Encrypts `plain` (a multiple of 16 bytes, which it may overwrite) from the IV. */
  encrypt(plain: Buffer): Buffer;
  /** Decrypts `encrypted` (a multiple of 16 bytes, left untouched) from the IV. */
  decrypt(encrypted: Buffer): Buffer;
}

const BLOCK = 16;
const ALGORITHM = 'aes-256-cbc';

/** A fresh node:crypto object per call: for the public one-off functions, whose key may be any Buffer. */
export function oneShotCbc(key: Buffer): BlockCipher {
  return {
    encrypt: (plain) => runToEnd(createCipheriv(ALGORITHM, key, key.subarray(0, BLOCK)), plain),
    decrypt: (encrypted) => runToEnd(createDecipheriv(ALGORITHM, key, key.subarray(0, BLOCK)), encrypted),
  };
}

function runToEnd(cipher: Cipher | Decipher, input: Buffer): Buffer {
  cipher.setAutoPadding(false);
  const output = cipher.update(input);
  const rest = cipher.final(); // empty for whole blocks; it only checks nothing is left over
  return rest.length === 0 ? output : Buffer.concat([output, rest]);
}

/**
 * One Cipher and one Decipher per key, kept for the life of the app, instead of two createCipheriv /
 * createDecipheriv calls per callback (each ~1.5–2.5 µs: a key schedule and an OpenSSL context).
 *
 * CBC only carries one block of state between calls: after `update(C₁…Cₙ)` the object continues as if
 * its IV were the last ciphertext block Cₙ. So a message is re-based onto the IV by fixing its first
 * block, and only that one:
 * - encrypting, the cipher computes E(P₁ ⊕ Cₙ); feeding P₁ ⊕ Cₙ ⊕ IV instead gives E(P₁ ⊕ IV), the
 *   first block of a fresh cipher, and every later block chains off it exactly as before;
 * - decrypting, the decipher yields D(C₁) ⊕ Cₙ for the first block; XOR with Cₙ ⊕ IV gives D(C₁) ⊕ IV.
 * The output is byte for byte what a fresh object would give (test/crypto/aes-cbc.property.spec.ts
 * pins it against @wecom/crypto, including right after refused messages). `final()` is never called,
 * which is what keeps the objects usable; it has nothing to flush for whole blocks with padding off.
 * Inputs are always whole blocks (the callers check), so the state is always one whole block; if
 * OpenSSL ever throws or returns a short output, the objects are dropped and rebuilt from the IV.
 */
export class ReusableAesCbc implements BlockCipher {
  readonly #key: Buffer;
  readonly #iv: Buffer;
  #cipher: Cipher | undefined;
  #decipher: Decipher | undefined;
  /** The block each object continues from (its last ciphertext block, or the IV when fresh). */
  readonly #cipherChain = Buffer.alloc(BLOCK);
  readonly #decipherChain = Buffer.alloc(BLOCK);

  constructor(key: Buffer) {
    this.#key = key;
    this.#iv = key.subarray(0, BLOCK);
  }

  encrypt(plain: Buffer): Buffer {
    if (plain.length === 0 || plain.length % BLOCK !== 0) return oneShotCbc(this.#key).encrypt(plain);
    const cipher = this.#cipher ?? this.#freshCipher();
    rebase(plain, this.#cipherChain, this.#iv);
    let output: Buffer;
    try {
      output = cipher.update(plain);
    } catch (error) {
      this.#cipher = undefined;
      throw error;
    }
    if (output.length !== plain.length) {
      this.#cipher = undefined;
      throw new Error(`AES-256-CBC returned ${output.length} bytes for ${plain.length}`);
    }
    output.copy(this.#cipherChain, 0, output.length - BLOCK);
    return output;
  }

  decrypt(encrypted: Buffer): Buffer {
    if (encrypted.length === 0 || encrypted.length % BLOCK !== 0) return oneShotCbc(this.#key).decrypt(encrypted);
    const decipher = this.#decipher ?? this.#freshDecipher();
    let output: Buffer;
    try {
      output = decipher.update(encrypted);
    } catch (error) {
      this.#decipher = undefined;
      throw error;
    }
    if (output.length !== encrypted.length) {
      this.#decipher = undefined;
      throw new Error(`AES-256-CBC returned ${output.length} bytes for ${encrypted.length}`);
    }
    rebase(output, this.#decipherChain, this.#iv);
    encrypted.copy(this.#decipherChain, 0, encrypted.length - BLOCK);
    return output;
  }

  #freshCipher(): Cipher {
    const cipher = createCipheriv(ALGORITHM, this.#key, this.#iv);
    cipher.setAutoPadding(false);
    this.#iv.copy(this.#cipherChain);
    return (this.#cipher = cipher);
  }

  #freshDecipher(): Decipher {
    const decipher = createDecipheriv(ALGORITHM, this.#key, this.#iv);
    decipher.setAutoPadding(false);
    this.#iv.copy(this.#decipherChain);
    return (this.#decipher = decipher);
  }
}

/** block[0..16) ^= chain ^ iv: moves a first block from "continues from chain" to "starts from iv". */
function rebase(block: Buffer, chain: Buffer, iv: Buffer): void {
  for (let i = 0; i < BLOCK; i++) block[i] ^= chain[i] ^ iv[i];
}
