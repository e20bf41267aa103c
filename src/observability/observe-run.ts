import type { HandlerReply } from '../families/handler-reply.js';
import { publish, wecomChannels, type WeComCallbackIdentity } from './wecom-channels.js';

/** Publishes `handled` or `failed` (via `inline`) when a run settles; costs nothing without subscribers. */
export function observeInlineRun(run: Promise<HandlerReply | undefined>, identity: () => WeComCallbackIdentity): void {
  if (!wecomChannels.handled.hasSubscribers && !wecomChannels.failed.hasSubscribers) return;
  const started = performance.now();
  run.then(
    (reply) => publish('handled', () => ({ ...identity(), via: 'inline', durationMs: performance.now() - started, replied: reply !== undefined })),
    (error: unknown) =>
      publish('failed', () => ({ ...identity(), via: 'inline', durationMs: performance.now() - started, errorName: error instanceof Error ? error.name : typeof error })),
  );
}
