import { createDecipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeSignature, decryptMessage, deriveAesKey } from '../../src/index.js';
import { OFFICIAL, officialVectors } from '../support/official-keys.js';

/**
 * docs/PROTOCOL.md §2.1 works WeCom's official example through by hand: the key bytes, the sorted
 * signature inputs, the plaintext's random prefix, msg_len and padding. Each number the page prints is
 * recomputed here from the vendored vectors with the code, so the page cannot drift from the truth.
 */
const doc = readFileSync(join(process.cwd(), 'docs', 'PROTOCOL.md'), 'utf8');
const workedExample = doc.slice(doc.indexOf('### 2.1 '), doc.indexOf('## 3. '));
const vectors = officialVectors();

/** The padded plaintext, decrypted without the module's checks, to read the bytes the page describes. */
function rawPlaintext(encrypt: string): Buffer {
  const key = deriveAesKey(OFFICIAL.encodingAESKey);
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
}

describe('docs/PROTOCOL.md §2.1: the worked example is true', () => {
  it('names the official key set', () => {
    for (const value of [OFFICIAL.token, OFFICIAL.encodingAESKey, OFFICIAL.corpId]) expect(workedExample).toContain(`\`${value}\``);
  });

  it('prints the derived AES key and IV, and the non-canonical last character decodes the same', () => {
    const key = deriveAesKey(OFFICIAL.encodingAESKey).toString('hex');
    expect(workedExample).toContain(`AESKey = ${key.slice(0, 32)} ${key.slice(32)}`);
    expect(workedExample).toContain(`IV     = ${key.slice(0, 32)}`);
    expect(deriveAesKey(`${OFFICIAL.encodingAESKey.slice(0, 42)}A`).toString('hex')).toBe(key);
    expect(workedExample).toContain('`…B2A` gives the same bytes');
  });

  for (const [id, sorted] of [['A-GET', ['1409659589', '263014780', 'P9nAz', 'QDG6eK']], ['A-POST-XML', ['1372623149', '1409659813', 'QDG6eK', 'RypEv']]] as const) {
    it(`${id}: the signature, its sorted inputs, and the plaintext layout it states`, () => {
      const v = vectors[id];
      const signature = computeSignature(v.token, v.timestamp, v.nonce, v.encrypt);
      expect(signature).toBe(v.msg_signature);
      expect(workedExample).toContain(signature);
      // The order the page gives is the order a plain string sort produces.
      const inputs = [v.token, v.timestamp, v.nonce, v.encrypt].sort();
      expect(inputs.map((input, i) => input.startsWith(sorted[i]))).toEqual([true, true, true, true]);

      const plain = rawPlaintext(v.encrypt);
      const pad = plain[plain.length - 1];
      const msgLength = plain.readUInt32BE(16);
      expect(workedExample).toContain(`${plain.length} cipher bytes`);
      expect(workedExample).toContain(`\`${plain.subarray(0, 16).toString('latin1')}\``);
      expect(workedExample).toContain(`\`${plain.subarray(16, 20).toString('hex')}\``);
      expect(workedExample).toContain(`${pad} bytes of \`0x${pad.toString(16).padStart(2, '0')}\``);
      expect(workedExample).toContain(`(16 + 4 + ${msgLength} + ${v.receiveid.length} = ${20 + msgLength + v.receiveid.length}, padded to ${plain.length})`);

      const { message, receiveId } = decryptMessage(deriveAesKey(v.encodingAESKey), v.encrypt);
      expect(receiveId).toBe(OFFICIAL.corpId);
      expect(message).toBe(v.expected_plaintext);
    });
  }

  it('shows the GET echo and the exact POST plaintext', () => {
    expect(workedExample).toContain(`the body \`${vectors['A-GET'].expected_plaintext}\``);
    expect(workedExample).toContain(`\`\`\`xml\n${vectors['A-POST-XML'].expected_plaintext}\n\`\`\``);
  });
});
