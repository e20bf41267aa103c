import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Key set A of WeCom's documentation (PROTOCOL.md §2.1). */
export const OFFICIAL = {
  corpId: 'wx5823bf96d3bd56c7',
  token: 'QDG6eK',
  encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
} as const;

export interface OfficialVector {
  id: string;
  token: string;
  encodingAESKey: string;
  receiveid: string;
  timestamp: string;
  nonce: string;
  msg_signature: string;
  encrypt: string;
  expected_plaintext: string;
  random_prefix_ascii: string;
  raw_query?: string;
  post_body?: string;
}

/** The shared official vectors; shared/ sits beside the repo in every checkout and in CI. */
export function officialVectors(): Record<string, OfficialVector> {
  const file = join(process.cwd(), '..', 'shared', 'wecom', 'official-vectors.json');
  const { vectors } = JSON.parse(readFileSync(file, 'utf8')) as { vectors: OfficialVector[] };
  return Object.fromEntries(vectors.map((vector) => [vector.id, vector]));
}
