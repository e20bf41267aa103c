import { Injectable, Logger } from '@nestjs/common';
import type { WeComContext } from '../context/wecom-context.js';
import { toBotReply } from '../families/bot/bot-reply.converter.js';
import type { HandlerReply } from '../families/handler-reply.js';
import { toReply } from '../families/app/reply-plaintext.builder.js';
import { LOGGER_CONTEXT } from '../wecom.constants.js';
import { HANDLER_SKIPPED } from './handler-skipped.js';
import { WeComHandlerError } from '../errors/wecom-handler.error.js';
import { WeComRouter } from './wecom-router.js';

/**
 * Runs every matching handler (concurrently: they are independent listeners) and picks the reply of
 * the most specific one that returned something. A handler its guards skipped counts as not matched.
 */
@Injectable()
export class WeComCallbackDispatcher {
  private readonly logger = new Logger(LOGGER_CONTEXT);

  constructor(private readonly router: WeComRouter) {}

  async dispatch(payload: Record<string, unknown>, ctx: WeComContext): Promise<HandlerReply | undefined> {
    const matches = this.router.match(ctx.app, payload);
    if (matches.length === 0) {
      this.logger.debug(`[${ctx.app}] no handler for ${describeCallback(payload)}`);
      return undefined;
    }
    const settled = await Promise.allSettled(matches.map(({ handler }) => handler.invoke(payload, ctx)));

    const failures: unknown[] = [];
    let reply: HandlerReply | undefined;
    settled.forEach((outcome, index) => {
      const { handler } = matches[index];
      if (outcome.status === 'rejected') {
        failures.push(outcome.reason);
        this.logger.error(
          `[${ctx.app}] ${handler.id} failed on ${describeCallback(payload)}: ${errorText(outcome.reason)}`,
          outcome.reason instanceof Error ? outcome.reason.stack : undefined,
        );
        return;
      }
      if (outcome.value === HANDLER_SKIPPED) {
        this.logger.debug(`[${ctx.app}] ${handler.id} skipped by a guard on ${describeCallback(payload)}`);
        return;
      }
      if (reply) return; // matches are ordered most specific first
      try {
        // AI bots answer in JSON (PROTOCOL.md §5.1); every other family in XML.
        reply = ctx.kind === 'bot' ? toBotReply(outcome.value, payload) : toReply(outcome.value);
      } catch (error) {
        failures.push(error);
        this.logger.error(`[${ctx.app}] ${handler.id}: ${errorText(error)}`);
      }
    });
    if (failures.length > 0) {
      throw new WeComHandlerError(`${failures.length} WeCom handler(s) failed on ${describeCallback(payload)}`, failures);
    }
    return reply;
  }
}

/** `text MsgId=123` / `event change_contact/create_user`: enough to find the callback in WeCom's logs. */
export function describeCallback(payload: Record<string, unknown>): string {
  const { MsgType, Event, ChangeType, MsgId, InfoType, msgtype, msgid } = payload as Record<string, string | undefined>;
  if (msgtype) {
    const eventtype = (payload.event as { eventtype?: string } | undefined)?.eventtype;
    return `bot ${msgtype === 'event' ? `event ${eventtype}` : msgtype}${msgid ? ` msgid=${msgid}` : ''}`;
  }
  if (InfoType) return `info ${InfoType}${ChangeType ? `/${ChangeType}` : ''}`;
  if (MsgType === 'event') return `event ${Event}${ChangeType ? `/${ChangeType}` : ''}`;
  return `${MsgType ?? 'unknown'}${MsgId ? ` MsgId=${MsgId}` : ''}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
