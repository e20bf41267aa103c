import type { HandlerReply } from '../families/handler-reply.js';
import { publish, wecomChannels, type WeComCallbackIdentity } from './wecom-channels.js';

/**
 * Publishes `handled` or `failed` (via `inline`) when a run settles, and returns the run itself;
 * without subscribers it adds nothing (no reaction, no clock read).
 */
export function observeInlineRun(run: Promise<HandlerReply | undefined>, identity: () => WeComCallbackIdentity): Promise<HandlerReply | undefined> {
  if (!wecomChannels.handled.hasSubscribers && !wecomChannels.failed.hasSubscribers) return run;
  const started = performance.now();
  run.then(
    (reply) => publish('handled', () => ({ ...identity(), via: 'inline', durationMs: performance.now() - started, replied: reply !== undefined })),
    (error: unknown) =>
      publish('failed', () => ({ ...identity(), via: 'inline', durationMs: performance.now() - started, errorName: error instanceof Error ? error.name : typeof error })),
  );
  return run;
}
