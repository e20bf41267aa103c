/**
 * The stores of the active API take `{ client }` (an ioredis client you own) or `{ url }` (the store
 * opens its own, loaded on first use so that apps without Redis never need ioredis), like the dedup store.
 */
export interface RedisConnectionOptions<C> {
  client?: C;
  url?: string;
  /** Prepended to every key. */
  keyPrefix?: string;
  /** With `url`: a command without an answer after this many ms fails. Default 2000. */
  commandTimeoutMs?: number;
}

export class RedisConnection<C extends { quit(): Promise<unknown> }> {
  private readonly ownsClient: boolean;
  private clientPromise: Promise<C> | undefined;

  constructor(
    storeName: string,
    private readonly options: RedisConnectionOptions<C>,
  ) {
    if (!options || (!options.client && !options.url) || (options.client && options.url)) {
      throw new TypeError(`${storeName}: give exactly one of { client } (an ioredis client) or { url } ("redis://host:6379").`);
    }
    if (options.url !== undefined && (typeof options.url !== 'string' || !/^rediss?:\/\//.test(options.url))) {
      throw new TypeError(`${storeName}: url must start with redis:// or rediss:// (got "${String(options.url)}").`);
    }
    this.ownsClient = !options.client;
    if (options.client) this.clientPromise = Promise.resolve(options.client);
  }

  client(): Promise<C> {
    this.clientPromise ??= import('ioredis').then(({ Redis }) => {
      const client = new Redis(this.options.url as string, { commandTimeout: this.options.commandTimeoutMs ?? 2000, maxRetriesPerRequest: 1 });
      client.on('error', () => undefined); // callers see the failures; ioredis would print every reconnection
      return client as unknown as C;
    });
    return this.clientPromise;
  }

  async close(): Promise<void> {
    if (!this.ownsClient || !this.clientPromise) return;
    const client = await this.clientPromise;
    this.clientPromise = undefined;
    await client.quit().catch(() => undefined);
  }
}
