import type { WeComBotStreamStore } from './bot-stream.store.js';

/** The `botStreams` options after validation (config/resolve-bot-streams.ts), injected into the registry. */
export interface BotStreamSettings {
  readonly store?: WeComBotStreamStore;
  readonly maxStreams: number;
  readonly maxBytes: number;
}

/** A busy hour of streams at ~3 a second; a running stream counts its content, a finished one its last frame. */
export const DEFAULT_MAX_STREAMS = 10_000;
export const DEFAULT_MAX_STREAM_BYTES = 64 * 1024 * 1024;
export const DEFAULT_BOT_STREAM_SETTINGS: BotStreamSettings = Object.freeze({ maxStreams: DEFAULT_MAX_STREAMS, maxBytes: DEFAULT_MAX_STREAM_BYTES });

export const BOT_STREAM_SETTINGS = Symbol('WeComBotStreamSettings');
