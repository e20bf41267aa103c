import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { ResolvedApp } from '../../apps/resolved-app.js';
import { WeComAppRegistry } from '../../apps/wecom-app.registry.js';
import { WeComConfigError } from '../../errors/wecom-config.error.js';
import { publish } from '../../observability/wecom-channels.js';
import { LOGGER_CONTEXT } from '../../wecom.constants.js';
import { openRedis, type DurableJob, type DurableWorker, type RedisLike } from './durable-connections.js';
import { DurableHandlerExplorer, type DurableHandlersByApp } from './durable-handler.explorer.js';
import { DurableJobRunner, DurableJobUnrecoverable, errorName } from './durable-job.runner.js';
import type { DurableJobData } from './durable-job.js';
import { DURABLE_REPLY_SENDER, type DurableReplySender } from './durable-reply.sender.js';
import { WeComDurableQueue } from './wecom-durable.queue.js';

/** A job may lose its worker twice (a crash, a deploy killed with -9) before it counts as failed. */
const MAX_STALLED_COUNT = 2;

/**
 * The orchestrator half: at bootstrap, checks the durable handlers the explorer found and starts a
 * BullMQ Worker for them (unless `durable.workers` is false); at shutdown, lets running jobs finish
 * for up to `shutdownTimeoutMs`, then leaves the rest to another worker (their locks lapse).
 */
@Injectable()
export class DurableWorkersOrchestrator implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(LOGGER_CONTEXT);
  private worker: DurableWorker | undefined;
  private connection: RedisLike | undefined;
  private found: DurableHandlersByApp = new Map();
  private lastErrorLog = 0;

  constructor(
    private readonly queue: WeComDurableQueue,
    private readonly explorer: DurableHandlerExplorer,
    private readonly runner: DurableJobRunner,
    private readonly registry: WeComAppRegistry,
    @Inject(DURABLE_REPLY_SENDER) private readonly replies: DurableReplySender,
  ) {}

  /** The durable handlers of each app, as found at boot. */
  get handlers(): DurableHandlersByApp {
    return this.found;
  }

  /** Whether this process runs a worker. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const apps = this.registry.list();
    this.found = this.explorer.explore(apps, this.queue.policy);
    if (this.queue.settings?.workers) this.refuseUnsendableReplies(apps);
    await this.queue.open();
    const settings = this.queue.settings;
    const bull = this.queue.bull;
    if (!settings || !bull) return;
    const total = [...this.found.values()].reduce((sum, ids) => sum + ids.length, 0);
    if (!settings.workers) {
      this.logger.log(`durable queue "${settings.queueName}": no worker in this process (durable.workers is false)`);
      return;
    }
    if (total === 0) {
      this.logger.warn(`durable queue "${settings.queueName}": no durable handler in this process, so no worker is started`);
      return;
    }
    this.connection = await openRedis(settings, 'worker');
    const policy = this.queue.policy;
    const { UnrecoverableError, Worker: WorkerClass } = bull.bullmq;
    this.worker = new WorkerClass(
      settings.queueName,
      async (job: DurableJob) => {
        try {
          await this.runner.run(job, policy, settings.attempts);
        } catch (error) {
          if (error instanceof DurableJobUnrecoverable) throw new UnrecoverableError(error.message);
          throw error;
        }
      },
      {
        connection: this.connection as never,
        prefix: settings.prefix,
        concurrency: settings.concurrency,
        lockDuration: settings.lockDurationMs,
        stalledInterval: settings.stalledIntervalMs,
        maxStalledCount: MAX_STALLED_COUNT,
      },
    );
    this.worker.on('failed', (job, error) => this.onFailed(job, error));
    this.worker.on('error', (error) => this.onError(error));
    this.logger.log(`durable queue "${settings.queueName}": worker started (concurrency ${settings.concurrency}) for ${total} durable handler(s)`);
  }

  /**
   * A worker sends what a durable handler returns through the app's active API client (issue 13:
   * "with no client configured, boot refuses the combination"). Boot cannot see whether a handler
   * returns anything (every async method's design:returntype is Promise), so an app whose replies
   * cannot be sent may have no durable handler at all in a process that runs workers. A web-only
   * process (`durable.workers: false`) sends nothing and may go without the secret.
   */
  private refuseUnsendableReplies(apps: readonly ResolvedApp[]): void {
    const problems: string[] = [];
    for (const [appName, ids] of this.found) {
      const app = apps.find((candidate) => candidate.name === appName)!;
      const missing = this.replies.unavailable(app);
      if (missing) {
        problems.push(
          `durable handler${ids.length > 1 ? 's' : ''} ${ids.join(', ')} of app "${appName}": ${missing}. ` +
            `(A worker sends a durable handler's reply actively; or make ${ids.length > 1 ? 'them' : 'it'} inline with { durable: false }.)`,
        );
      }
    }
    if (problems.length > 0) throw new WeComConfigError(`WeComModule: ${problems.join('\n')}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    const connection = this.connection;
    if (!worker || !connection) return;
    this.worker = undefined;
    this.connection = undefined;
    const timeoutMs = this.queue.settings?.shutdownTimeoutMs ?? 0;
    // A worker that cannot reach Redis has nothing it could still finish: close it at once (a graceful
    // close would wait for the connection forever).
    const closing = worker.close(connection.status !== 'ready');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const finished = await Promise.race([closing.then(() => true), late]).finally(() => clearTimeout(timer));
    if (!finished) {
      this.logger.warn(`durable jobs still running after ${timeoutMs} ms (shutdownTimeoutMs); another worker takes them over once their locks lapse`);
      connection.disconnect();
      return;
    }
    await connection.quit().catch(() => connection.disconnect());
  }

  private onFailed(job: DurableJob | undefined, error: Error): void {
    if (!job) return;
    const data = job.data as Partial<DurableJobData>;
    const what = `[${String(data.app)}] durable job ${job.id} (${String(data.type)}), attempt ${job.attemptsMade}`;
    if (!job.finishedOn) {
      this.logger.warn(`${what} failed (${error.message}); retrying`);
      return;
    }
    this.logger.error(`${what} failed (${error.message}): no attempts left, kept in the failed set for WeComDurableCallbacks.replay("${job.id}")`);
    publish('deadLettered', () => ({
      app: String(data.app),
      kind: this.registry.get(String(data.app))?.kind ?? 'app',
      type: String(data.type),
      key: String(data.key),
      jobId: String(job.id),
      attemptsMade: job.attemptsMade,
      errorName: errorName(error),
    }));
  }

  /** Redis errors repeat on every reconnection attempt: log one every ten seconds. */
  private onError(error: Error): void {
    const now = Date.now();
    if (now - this.lastErrorLog < 10_000) return;
    this.lastErrorLog = now;
    this.logger.error(`durable worker: ${error.message}`);
  }
}
