import type { BotStreamFrame } from './wecom-bot-stream.js';

/**
 * Where the latest frame of each AI-bot stream is shared, so that WeCom's refresh polls (PROTOCOL.md
 * §5.1), which a load balancer may send to any replica, are answered wherever they land. The stream
 * itself is produced in the process whose handler returned it; that process publishes its frames
 * here (the first one at once, then at most every `publishIntervalMs` while it changes, and the
 * last one when it finishes); any replica answers a poll for a stream it does not run from here.
 */
export interface WeComBotStreamStore {
  /** Stores the latest frame of stream `id`, replacing the previous one, for `ttlMs`. */
  publish(id: string, frame: BotStreamFrame, ttlMs: number): Promise<void>;
  /** The latest frame published for `id`, or undefined when none is (or it expired). */
  latest(id: string): Promise<BotStreamFrame | undefined>;
  /** Called once on application shutdown; release connections here. */
  close?(): Promise<void>;
}
