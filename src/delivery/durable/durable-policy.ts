import type { WeComHandlerMetadata } from '../../decorators/wecom-handler-metadata.js';
import type { RouteMatch } from '../../routing/route-table.js';
import type { DurableSettings } from './durable-settings.js';

const NONE: readonly RouteMatch[] = [];

/**
 * Which handlers run from the queue: the handler's own `{ durable }`, else its app's `durable`, else
 * the module's `durable.byDefault`. An AI bot's stream refresh poll is never queued: it is answered
 * passively by definition (PROTOCOL.md §5.1), so its handlers stay inline whatever the defaults say.
 */
export class DurablePolicy {
  constructor(private readonly settings: DurableSettings | undefined) {}

  /** False when the module has no queue: then no handler is durable, and the request path skips the check. */
  get active(): boolean {
    return this.settings !== undefined;
  }

  isDurable(metadata: WeComHandlerMetadata, app: string): boolean {
    const settings = this.settings;
    if (!settings) return metadata.durable === true;
    return metadata.durable ?? settings.appDefaults.get(app) ?? settings.byDefault;
  }

  /** The matches of this callback that run from the queue (most specific first, as matched). */
  durableMatches(app: string, payload: Record<string, unknown>, matches: readonly RouteMatch[]): readonly RouteMatch[] {
    if (!this.settings || matches.length === 0 || payload.msgtype === 'stream') return NONE;
    let durable: RouteMatch[] | undefined;
    for (const match of matches) {
      if (this.isDurable(match.handler.metadata, app)) (durable ??= []).push(match);
    }
    return durable ?? NONE;
  }
}
