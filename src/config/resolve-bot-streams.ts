import type { WeComBotStreamStore } from '../families/bot/bot-stream.store.js';
import { WeComConfigError } from '../errors/wecom-config.error.js';
import type { WeComModuleOptions } from './wecom-options.interface.js';

/** A day of streams at ~25 a minute, or a busy hour; each running stream counts 20 KB. */
export const DEFAULT_MAX_STREAMS = 10_000;
export const DEFAULT_MAX_STREAM_BYTES = 64 * 1024 * 1024;

export interface BotStreamSettings {
  readonly store?: WeComBotStreamStore;
  readonly maxStreams: number;
  readonly maxBytes: number;
}

/** Validates `botStreams` once, at boot. */
export function resolveBotStreams(options: WeComModuleOptions): BotStreamSettings {
  const fail = (option: string, problem: string): never => {
    throw new WeComConfigError(`WeComModule: option "${option}" ${problem}`);
  };
  const streams = options.botStreams ?? {};
  if (typeof streams !== 'object' || streams === null) return fail('botStreams', `must be an object { store?, maxStreams?, maxBytes? } (got ${String(streams)}).`);
  const maxStreams = streams.maxStreams ?? DEFAULT_MAX_STREAMS;
  if (!(Number.isInteger(maxStreams) && maxStreams > 0)) fail('botStreams.maxStreams', `must be a whole number > 0 (got ${String(maxStreams)}).`);
  const maxBytes = streams.maxBytes ?? DEFAULT_MAX_STREAM_BYTES;
  if (!(Number.isInteger(maxBytes) && maxBytes >= 1024 * 1024)) fail('botStreams.maxBytes', `must be a whole number of bytes ≥ 1048576 (got ${String(maxBytes)}).`);
  const store = streams.store;
  if (store !== undefined && (typeof store?.publish !== 'function' || typeof store?.latest !== 'function')) {
    fail('botStreams.store', 'must implement WeComBotStreamStore (publish, latest), e.g. new RedisBotStreamStore({ url }).');
  }
  return { store, maxStreams, maxBytes };
}
