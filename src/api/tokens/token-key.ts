import { createHash } from 'node:crypto';
import type { WeComTokenKind } from './token-source.js';

/**
 * `corp:ww123:1000002:9f86d081884c7d65`: the parts that scope a token, and 64 bits of a SHA-256 of
 * the secret, so that the key changes with the secret and never reveals it.
 */
export function tokenKey(kind: WeComTokenKind, scope: readonly string[], secret: string): string {
  const digest = createHash('sha256').update(`${kind}\u0000${scope.join('\u0000')}\u0000${secret}`).digest('hex').slice(0, 16);
  return [kind, ...scope.map((part) => part.replace(/[:{}\s]/g, '_')), digest].join(':');
}
