import { BoundedFifo } from './bounded-fifo.js';
import type { WeComBotStreamStore } from './bot-stream.store.js';
import { frameBytes } from './bot-stream-footprint.js';
import type { BotStreamFrame } from './wecom-bot-stream.js';

export interface MemoryBotStreamStoreOptions {
  /** Most frames kept; the oldest are forgotten first. Default 10,000. */
  maxEntries?: number;
  /** Most bytes kept (estimated). Default 32 MiB. */
  maxBytes?: number;
  now?: () => number;
}

/**
 * The stream store in one process's memory: several Nest apps of one process share streams through
 * it (tests, a gateway hosting two bots). Behind a load balancer, use RedisBotStreamStore.
 */
export class MemoryBotStreamStore implements WeComBotStreamStore {
  private readonly frames: BoundedFifo<BotStreamFrame>;
  private readonly now: () => number;

  constructor(options: MemoryBotStreamStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.frames = new BoundedFifo(options.maxEntries ?? 10_000, options.maxBytes ?? 32 * 1024 * 1024, this.now);
  }

  async publish(id: string, frame: BotStreamFrame, ttlMs: number): Promise<void> {
    this.frames.set(id, frame, frameBytes(frame), this.now() + ttlMs);
  }

  async latest(id: string): Promise<BotStreamFrame | undefined> {
    return this.frames.get(id);
  }
}
