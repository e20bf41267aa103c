import type { WeComContext } from '../context/wecom-context.js';
import type { RouteMatch } from './route-table.js';

/**
 * What the dispatcher needs of a callback: the payload, its context, the handlers its family's route
 * table matched (most specific first), and the family's rules for turning a handler's result into a
 * reply and for naming the callback in logs. The dispatcher never asks which family it is.
 */
export interface RoutedCallback<Reply = unknown> {
  readonly payload: Record<string, unknown>;
  readonly ctx: WeComContext;
  readonly matches: readonly RouteMatch[];
  readonly family: {
    toReply(result: unknown, payload: Record<string, unknown>): Reply | undefined;
    describe(payload: Record<string, unknown>): string;
  };
}
