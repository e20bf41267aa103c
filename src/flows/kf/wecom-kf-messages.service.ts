import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { WeComContext } from '../../context/wecom-context.js';
import { OnWeComEvent } from '../../decorators/on-wecom-event.decorator.js';
import { WECOM_KF_HANDLER_METADATA, type WeComKfHandlerMetadata } from '../../decorators/on-wecom-kf-message.decorator.js';
import { WeComConfigError } from '../../errors/wecom-config.error.js';
import type { KfMsgOrEventEvent } from '../../types/customer-service.js';
import { HANDLER_SKIPPED } from '../../routing/handler-skipped.js';
import { HandlerInvokerFactory, type HandlerInvoker } from '../../routing/handler-invoker.factory.js';
import { LOGGER_CONTEXT } from '../../wecom.constants.js';
import type { WeComKfMessage } from '../../api/client/api-types.js';
import { WeComClients } from '../wecom-clients.service.js';
import { KfSyncRunner } from '../../api/kf/kf-sync.runner.js';

interface KfHandler {
  readonly id: string;
  readonly metadata: WeComKfHandlerMetadata;
  readonly invoke: HandlerInvoker;
}

/** After a failed run, fetch again after this long, at most this many times in a row. */
const RETRY_DELAY_MS = 5000;
const MAX_RETRIES = 3;
/**
 * While another fetch holds the account's lock, look again this often, for a little longer than the
 * lock's lease (KfSyncRunner's 60 s): if its holder died, the lock lapses and this callback's note
 * would otherwise wait for the next kf_msg_or_event callback.
 */
const BUSY_RECHECK_MS = 5000;
const MAX_BUSY_RECHECKS = 14;

/**
 * The 微信客服 flow: a `kf_msg_or_event` callback carries only a Token (PROTOCOL.md §4.2); this
 * built-in handler answers it at once and, after the answer, fetches the messages with kf/sync_msg and
 * runs the @OnWeComKfMessage handlers (CowAgent PR #2840: a sync inside the callback outlives WeCom's
 * 5 seconds, and replies go out twice). Without any @OnWeComKfMessage handler it does nothing.
 */
@Injectable()
export class WeComKfMessages implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(LOGGER_CONTEXT);
  private handlers: KfHandler[] = [];
  private runner!: KfSyncRunner;
  private readonly running = new Set<Promise<unknown>>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  /** Accounts with a busy re-check scheduled in this process: one chain per account, however many callbacks came. */
  private readonly rechecking = new Set<string>();
  private closing = false;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly invokers: HandlerInvokerFactory,
    private readonly clients: WeComClients,
  ) {}

  onModuleInit(): void {
    this.runner = new KfSyncRunner(this.clients.kfCursors);
    this.handlers = this.explore();
  }

  /**
   * Built-in: answers at once (returns nothing) and schedules the fetch after the answer. Never
   * durable, whatever `durable.byDefault` says: it does nothing worth queueing (helper durable).
   */
  @OnWeComEvent('kf_msg_or_event', undefined, { durable: false })
  onKfEvent(event: KfMsgOrEventEvent, ctx: WeComContext): void {
    if (this.handlers.length === 0 || !this.handlers.some((h) => h.metadata.app === undefined || h.metadata.app === ctx.app)) return;
    const openKfId = event.OpenKfId;
    if (typeof openKfId !== 'string' || openKfId === '') {
      this.logger.warn(`[${ctx.app}] kf_msg_or_event without OpenKfId: nothing to fetch`);
      return;
    }
    setImmediate(() => this.track(this.run(ctx, openKfId, typeof event.Token === 'string' ? event.Token : '', 0)));
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    await Promise.allSettled([...this.running]);
  }

  private async run(ctx: WeComContext, openKfId: string, syncToken: string, attempt: number, busyRechecks = 0): Promise<void> {
    // From the clients, not ctx.client: a durable worker's rebuilt context may not carry one.
    const client = this.clients.forCallback(ctx.app, ctx.authCorpId);
    const account = `${ctx.authCorpId ?? ctx.corpId}:${openKfId}`;
    try {
      const outcome = await this.runner.sync(client, account, openKfId, syncToken, (message) => this.dispatch(message, ctx));
      if (outcome.status === 'busy') this.recheckWhileBusy(ctx, openKfId, syncToken, account, busyRechecks);
      if (outcome.handled > 0 || outcome.duplicates > 0) {
        this.logger.debug(`[${ctx.app}] kf ${openKfId}: ${outcome.handled} message(s) handled, ${outcome.duplicates} duplicate(s) skipped in ${outcome.batches} batch(es)`);
      }
    } catch (error) {
      const again = attempt < MAX_RETRIES && !this.closing;
      this.logger.error(
        `[${ctx.app}] kf ${openKfId}: fetching or handling messages failed (${error instanceof Error ? error.message : String(error)}); ` +
          (again ? `fetching again from the saved cursor in ${RETRY_DELAY_MS / 1000} s` : 'the next kf_msg_or_event callback goes on from the saved cursor'),
      );
      if (!again) return;
      const timer = setTimeout(() => {
        this.retryTimers.delete(timer);
        this.track(this.run(ctx, openKfId, syncToken, attempt + 1));
      }, RETRY_DELAY_MS);
      timer.unref();
      this.retryTimers.add(timer);
    }
  }

  /**
   * Another fetch holds the lock: it normally picks this callback's note up before it lets go. If its
   * process died, nobody would until the next callback, so look again until the lock is free (a live
   * holder costs one lock attempt per look; a free lock, one fetch).
   */
  private recheckWhileBusy(ctx: WeComContext, openKfId: string, syncToken: string, account: string, done: number): void {
    if (this.closing || done >= MAX_BUSY_RECHECKS || this.rechecking.has(account)) return;
    this.rechecking.add(account);
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.rechecking.delete(account);
      this.track(this.run(ctx, openKfId, syncToken, 0, done + 1));
    }, BUSY_RECHECK_MS);
    timer.unref();
    this.retryTimers.add(timer);
  }

  /** Runs every matching handler (concurrently, like callback handlers); any failure fails the message. */
  private async dispatch(message: WeComKfMessage, ctx: WeComContext): Promise<void> {
    const matched = this.handlers.filter(
      ({ metadata }) => (metadata.app === undefined || metadata.app === ctx.app) && (metadata.msgtype === undefined || metadata.msgtype === message.msgtype),
    );
    const settled = await Promise.allSettled(matched.map((handler) => handler.invoke(message as unknown as Record<string, unknown>, ctx)));
    const failures = settled.flatMap((outcome, index) => {
      if (outcome.status === 'fulfilled') {
        if (outcome.value === HANDLER_SKIPPED) this.logger.debug(`[${ctx.app}] ${matched[index].id} skipped by a guard on kf ${message.msgtype} msgid=${message.msgid}`);
        return [];
      }
      this.logger.error(`[${ctx.app}] ${matched[index].id} failed on kf ${message.msgtype} msgid=${message.msgid}: ${outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason)}`);
      return [outcome.reason];
    });
    if (failures.length > 0) throw new Error(`${failures.length} @OnWeComKfMessage handler(s) failed on msgid=${message.msgid}`);
  }

  private track(promise: Promise<void>): void {
    this.running.add(promise);
    void promise.finally(() => this.running.delete(promise));
  }

  private explore(): KfHandler[] {
    const handlers: KfHandler[] = [];
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      const { instance } = wrapper;
      if (!instance || typeof instance !== 'object' || wrapper.isAlias) continue;
      const prototype = Object.getPrototypeOf(instance);
      if (!prototype) continue;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const routes: WeComKfHandlerMetadata[] = Reflect.getMetadata(WECOM_KF_HANDLER_METADATA, prototype[methodName]) ?? [];
        if (routes.length === 0) continue;
        const id = `${instance.constructor?.name ?? 'Anonymous'}.${methodName}`;
        if (!wrapper.isDependencyTreeStatic()) {
          throw new WeComConfigError(`WeComModule: ${id} is request-scoped; @OnWeComKfMessage handlers run outside any HTTP request, make the class a singleton.`);
        }
        const invoke = this.invokers.create(instance, methodName);
        for (const metadata of routes) handlers.push({ id, metadata, invoke });
      }
    }
    return handlers;
  }
}
