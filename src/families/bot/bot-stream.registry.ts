import { Injectable } from '@nestjs/common';
import type { BotStreamFrame, WeComBotStream } from './wecom-bot-stream.js';

/** WeCom polls a stream for up to 6 minutes after the user's message (PROTOCOL.md §5.1). */
export const STREAM_POLL_WINDOW_MS = 6 * 60 * 1000;

/**
 * The streams this process is answering, by id, so that WeCom's refresh polls (msgtype `stream`)
 * find them. In memory: a poll that reaches another replica does not find the stream (README "AI bot").
 * Finished streams stay until the window ends, so a retried last poll still gets `finish: true`.
 */
@Injectable()
export class WeComBotStreamRegistry {
  private readonly streams = new Map<string, { stream: WeComBotStream; until: number }>();
  register(stream: WeComBotStream): void {
    this.sweep();
    if (!this.streams.has(stream.id)) this.streams.set(stream.id, { stream, until: Date.now() + STREAM_POLL_WINDOW_MS });
  }

  /** The current frame of a stream this process knows, or undefined. */
  frame(id: string): BotStreamFrame | undefined {
    const entry = this.streams.get(id);
    if (!entry) return undefined;
    if (entry.until < Date.now()) {
      this.streams.delete(id);
      return undefined;
    }
    return entry.stream.frame();
  }

  get size(): number {
    return this.streams.size;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, entry] of this.streams) if (entry.until < now) this.streams.delete(id);
  }
}
