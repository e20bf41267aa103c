export type FaultStore =
  | { readonly kind: 'memory' }
  | { readonly kind: 'redis-url'; readonly url: string }
  /** A user-supplied ioredis client with ioredis' defaults. */
  | { readonly kind: 'redis-client'; readonly url: string }
  /** setIfAbsent always false, get always undefined. */
  | { readonly kind: 'liar' };

export interface FaultAppSettings {
  readonly store: FaultStore;
  /** The file every handler invocation is appended to (start and end lines). */
  readonly ledger: string;
  /** How long a handler works, unless the message content is `work:<ms>`. */
  readonly handlerMs: number;
  readonly ackTimeoutMs?: number | false;
  readonly storeFailure?: 'fail-closed' | 'fail-open';
  /** Print the module's logs (warn and error) to stderr. */
  readonly logs?: boolean;
}
