import { ConfigProblems } from '../errors/config-problems.js';
import { DEFAULT_MAX_STREAM_BYTES, DEFAULT_MAX_STREAMS, type BotStreamSettings } from '../families/bot/bot-stream-settings.js';
import type { WeComModuleOptions } from './wecom-options.interface.js';

/** Validates `botStreams`; throws one WeComConfigError listing every problem. */
export function resolveBotStreams(options: WeComModuleOptions): BotStreamSettings {
  const problems = new ConfigProblems();
  const settings = collectBotStreams(options, problems);
  problems.report();
  return settings!;
}

/** The AI-bot stream settings, or undefined when `problems` got one. */
export function collectBotStreams(options: WeComModuleOptions, problems: ConfigProblems): BotStreamSettings | undefined {
  const before = problems.count;
  const fail = (option: string, problem: string) => problems.add(undefined, option, problem);
  const streams = options.botStreams ?? {};
  if (typeof streams !== 'object' || streams === null) {
    fail('botStreams', `must be an object { store?, maxStreams?, maxBytes? } (got ${String(streams)}).`);
    return undefined;
  }
  const maxStreams = streams.maxStreams ?? DEFAULT_MAX_STREAMS;
  if (!(Number.isInteger(maxStreams) && maxStreams > 0)) fail('botStreams.maxStreams', `must be a whole number > 0 (got ${String(maxStreams)}).`);
  const maxBytes = streams.maxBytes ?? DEFAULT_MAX_STREAM_BYTES;
  if (!(Number.isInteger(maxBytes) && maxBytes >= 1024 * 1024)) fail('botStreams.maxBytes', `must be a whole number of bytes ≥ 1048576 (got ${String(maxBytes)}).`);
  const store = streams.store;
  if (store !== undefined && (typeof store?.publish !== 'function' || typeof store?.latest !== 'function')) {
    fail('botStreams.store', 'must implement WeComBotStreamStore (publish, latest), e.g. new RedisBotStreamStore({ url }).');
  }
  return problems.count === before ? { store, maxStreams, maxBytes } : undefined;
}
