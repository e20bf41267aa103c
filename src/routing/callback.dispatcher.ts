import { Injectable, Logger } from '@nestjs/common';
import { LOGGER_CONTEXT } from '../wecom.constants.js';
import { HANDLER_SKIPPED } from './handler-skipped.js';
import { WeComHandlerError } from '../errors/wecom-handler.error.js';
import type { RouteMatch } from './route-table.js';
import type { RoutedCallback } from './routed-callback.js';

/**
 * Runs every matching handler (concurrently: they are independent listeners) and picks the reply of
 * the most specific one that returned something. A handler its guards skipped counts as not matched.
 */
@Injectable()
export class WeComCallbackDispatcher {
  private readonly logger = new Logger(LOGGER_CONTEXT);

  /** Runs `matches` (by default every handler the callback matched) and returns the reply to send. */
  async dispatch<Reply>(callback: RoutedCallback<Reply>, matches: readonly RouteMatch[] = callback.matches): Promise<Reply | undefined> {
    const { payload, ctx, family } = callback;
    const describe = () => family.describe(payload);
    if (matches.length === 0) {
      this.logger.debug(`[${ctx.app}] no handler for ${describe()}`);
      return undefined;
    }
    const settled = await Promise.allSettled(matches.map(({ handler }) => handler.invoke(payload, ctx)));

    const failures: unknown[] = [];
    let reply: Reply | undefined;
    settled.forEach((outcome, index) => {
      const { handler } = matches[index];
      if (outcome.status === 'rejected') {
        failures.push(outcome.reason);
        this.logger.error(
          `[${ctx.app}] ${handler.id} failed on ${describe()}: ${errorText(outcome.reason)}`,
          outcome.reason instanceof Error ? outcome.reason.stack : undefined,
        );
        return;
      }
      if (outcome.value === HANDLER_SKIPPED) {
        this.logger.debug(`[${ctx.app}] ${handler.id} skipped by a guard on ${describe()}`);
        return;
      }
      if (reply) return; // matches are ordered most specific first
      try {
        // The family decides: XML replies for app callbacks, JSON for AI bots (PROTOCOL.md §5.1).
        reply = family.toReply(outcome.value, payload);
      } catch (error) {
        failures.push(error);
        this.logger.error(`[${ctx.app}] ${handler.id}: ${errorText(error)}`);
      }
    });
    if (failures.length > 0) {
      throw new WeComHandlerError(`${failures.length} WeCom handler(s) failed on ${describe()}`, failures);
    }
    return reply;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
