import { readFileSync } from 'node:fs';

/** Key set A of WeCom's documentation (PROTOCOL.md §2.1). */
export const OFFICIAL = {
  corpId: 'wx5823bf96d3bd56c7',
  token: 'QDG6eK',
  encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
} as const;

export interface OfficialVector {
  id: string;
  kind: string;
  token: string;
  encodingAESKey: string;
  receiveid: string;
  timestamp: string;
  nonce: string;
  msg_signature: string;
  encrypt: string;
  expected_plaintext: string;
  decrypted_receiveid: string;
  random_prefix_ascii: string;
  msg_len: number;
  pad_value: number;
  ciphertext_bytes: number;
  raw_query?: string;
  post_body?: string;
}

/**
 * WeCom's official example (key set A), vendored in test/fixtures: facts from WeCom's documentation,
 * so the repo's tests need nothing beside the clone.
 */
export function loadOfficialVectors(): OfficialVector[] {
  const file = new URL('../fixtures/official-vectors.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { vectors: OfficialVector[] }).vectors;
}

/** The same vectors by id (`A-GET`, `A-POST-XML`). */
export function officialVectors(): Record<string, OfficialVector> {
  return Object.fromEntries(loadOfficialVectors().map((vector) => [vector.id, vector]));
}
