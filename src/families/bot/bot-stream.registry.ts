import { Inject, Injectable, Logger, Optional, type OnApplicationShutdown } from '@nestjs/common';
import { LOGGER_CONTEXT } from '../../wecom.constants.js';
import { BOT_STREAM_SETTINGS, DEFAULT_BOT_STREAM_SETTINGS, type BotStreamSettings } from './bot-stream-settings.js';
import { BoundedFifo } from './bounded-fifo.js';
import { contentBytes, frameBytes, STREAM_OVERHEAD_BYTES } from './bot-stream-footprint.js';
import { WeComBotStream, type BotStreamFrame } from './wecom-bot-stream.js';

/** WeCom polls a stream for up to 6 minutes after the user's message (PROTOCOL.md §5.1). */
export const STREAM_POLL_WINDOW_MS = 6 * 60 * 1000;
/** How often the content of running streams is looked at (finish, and changes to publish). */
export const STREAM_WATCH_INTERVAL_MS = 500;
/** A poll waits this long at most for the shared store before it is handed to the handlers. */
const STORE_READ_TIMEOUT_MS = 1000;
/** A publish that takes longer is abandoned, so that a hung store cannot hold up the frames queued behind it. */
const STORE_WRITE_TIMEOUT_MS = 2000;

interface Watched {
  readonly stream: WeComBotStream;
  /** Content length last published (-1: nothing yet). */
  published: number;
  /** Content length last counted against the byte bound. */
  counted?: number;
  /** Publishes of this stream, in order. */
  publishing: Promise<void>;
}

/**
 * The streams this process answers, by id, so that WeCom's refresh polls (msgtype `stream`) find
 * them. Bounded by count and bytes, oldest forgotten first in O(1); a finished stream is kept as its
 * last frame only (clipped to WeCom's 20480 bytes), not as the stream and all its content.
 *
 * With a shared store (`botStreams.store`, e.g. RedisBotStreamStore), this process also publishes each
 * stream's latest frame there, and answers polls for streams of other replicas from it: a poll may
 * land on any replica. Without one, a poll that reaches another replica is handed to its handlers.
 */
@Injectable()
export class WeComBotStreamRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger(LOGGER_CONTEXT);
  /** Running streams as the stream itself, finished ones as their last frame. */
  private readonly kept: BoundedFifo<WeComBotStream | BotStreamFrame>;
  private readonly watched = new Map<string, Watched>();
  private timer: NodeJS.Timeout | undefined;

  constructor(@Optional() @Inject(BOT_STREAM_SETTINGS) private readonly settings: BotStreamSettings = DEFAULT_BOT_STREAM_SETTINGS) {
    this.kept = new BoundedFifo(settings.maxStreams, settings.maxBytes);
  }

  /** Keeps `stream` for WeCom's polling window (again: no-op) and publishes its first frame. */
  register(stream: WeComBotStream): void {
    if (this.kept.has(stream.id)) return;
    const until = Date.now() + STREAM_POLL_WINDOW_MS;
    if (stream.finished) {
      const frame = stream.frame();
      this.kept.set(stream.id, frame, frameBytes(frame), until);
      this.publish({ stream, published: -1, publishing: Promise.resolve() }, frame);
      return;
    }
    this.kept.set(stream.id, stream, liveBytes(stream), until);
    const watched: Watched = { stream, published: -1, publishing: Promise.resolve() };
    this.watched.set(stream.id, watched);
    if (this.settings.store) this.publish(watched, stream.frame());
    this.timer ??= setInterval(() => this.watch(), STREAM_WATCH_INTERVAL_MS).unref();
  }

  /** The current frame of a stream: this process's own, or the shared store's; undefined if unknown. */
  async frame(id: string): Promise<BotStreamFrame | undefined> {
    const kept = this.kept.get(id);
    if (kept instanceof WeComBotStream) return this.current(kept);
    if (kept) return kept;
    const store = this.settings.store;
    if (!store) return undefined;
    try {
      return await withTimeout(store.latest(id), STORE_READ_TIMEOUT_MS);
    } catch (error) {
      this.logger.warn(`bot stream store failed to read stream ${id}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** Streams kept in this process (running and finished). */
  get size(): number {
    return this.kept.size;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all([...this.watched.values()].map((watched) => watched.publishing));
    await this.settings.store?.close?.();
  }

  /** A running stream's frame; once it finished, only that last frame is kept. */
  private current(stream: WeComBotStream): BotStreamFrame {
    const frame = stream.frame();
    if (stream.finished) this.settle(stream, frame);
    return frame;
  }

  private settle(stream: WeComBotStream, frame: BotStreamFrame): void {
    if (this.kept.get(stream.id) === stream) this.kept.set(stream.id, frame, frameBytes(frame));
    const watched = this.watched.get(stream.id);
    if (!watched) return;
    this.watched.delete(stream.id);
    this.publish(watched, frame);
  }

  /** Finished streams become frames; grown ones are counted anew and, with a store, published. */
  private watch(): void {
    for (const watched of this.watched.values()) {
      const { stream } = watched;
      if (this.kept.get(stream.id) !== stream) this.watched.delete(stream.id); // evicted, or its window ended
      else if (stream.finished) this.settle(stream, stream.frame());
      else if (stream.content.length !== watched.counted) {
        watched.counted = stream.content.length;
        this.kept.set(stream.id, stream, liveBytes(stream));
        if (this.settings.store) this.publish(watched, stream.frame());
      }
    }
    if (this.watched.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private publish(watched: Watched, frame: BotStreamFrame): void {
    const store = this.settings.store;
    if (!store) return;
    watched.published = watched.stream.content.length;
    watched.publishing = watched.publishing
      .then(() => withTimeout(store.publish(frame.stream.id, frame, STREAM_POLL_WINDOW_MS), STORE_WRITE_TIMEOUT_MS))
      .catch((error: unknown) => this.logger.warn(`bot stream store failed to publish stream ${frame.stream.id}: ${error instanceof Error ? error.message : String(error)}`));
  }
}

/** A running stream holds all its content (the producer keeps appending), whatever frames clip it to. */
function liveBytes(stream: WeComBotStream): number {
  return STREAM_OVERHEAD_BYTES + stream.id.length + contentBytes(stream.content);
}

/** `promise`, or a rejection once `ms` passed first. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
