import { Inject, Injectable } from '@nestjs/common';
import { MemoryDedupStore } from '../delivery/dedup/memory-dedup.store.js';
import { DELIVERY_SETTINGS, type DeliverySettings } from '../delivery/delivery-settings.js';
import { DurableWorkersOrchestrator } from '../delivery/durable/durable-workers.orchestrator.js';
import { WeComDurableQueue } from '../delivery/durable/wecom-durable.queue.js';
import { MemorySuiteTicketStore } from '../families/suite/memory-suite-ticket.store.js';
import { SUITE_TICKET_STORE, type SuiteTicketStore } from '../families/suite/suite-ticket.store.js';

/** What one check found: `up`, `down`, or `memory` (an in-process store, nothing to reach). */
export type WeComComponentHealth = 'up' | 'down' | 'memory' | 'off';

/** The details of the result: a @nestjs/terminus `HealthIndicatorResult` entry. */
export interface WeComHealthDetails {
  status: 'up' | 'down';
  dedupStore: WeComComponentHealth;
  suiteTicketStore: WeComComponentHealth;
  queue: WeComComponentHealth;
  /** Whether this process runs a durable worker. */
  worker?: boolean;
  /** Queue counts, when the queue is up. */
  waiting?: number;
  active?: number;
  delayed?: number;
  failed?: number;
  /** Why a component is down (the error's message). */
  errors?: Record<string, string>;
}

const PROBE_TIMEOUT_MS = 1000;
const PROBE_KEY = 'nestjs-wecom:health-probe';

/**
 * A health indicator for @nestjs/terminus (optional: it returns terminus' plain result shape and
 * imports nothing from it). Checks the dedup store, the suite ticket store and the durable queue,
 * each bounded by one second:
 *
 * ```ts
 * @Get('health') @HealthCheck()
 * check() { return this.health.check([() => this.wecom.isHealthy('wecom')]); }
 * ```
 */
@Injectable()
export class WeComHealthIndicator {
  constructor(
    @Inject(DELIVERY_SETTINGS) private readonly delivery: DeliverySettings,
    @Inject(SUITE_TICKET_STORE) private readonly tickets: SuiteTicketStore,
    private readonly durable: WeComDurableQueue,
    private readonly workers: DurableWorkersOrchestrator,
  ) {}

  async isHealthy<const Key extends string = 'wecom'>(key: Key = 'wecom' as Key): Promise<Record<Key, WeComHealthDetails>> {
    const errors: Record<string, string> = {};
    const probe = async (name: string, check: () => Promise<unknown>): Promise<WeComComponentHealth> => {
      try {
        await bounded(check());
        return 'up';
      } catch (error) {
        errors[name] = error instanceof Error ? error.message : String(error);
        return 'down';
      }
    };
    const dedup = this.delivery.dedup;
    const store = dedup ? dedup.store : undefined;
    const bull = this.durable.bull;
    const [dedupStore, suiteTicketStore, queue] = await Promise.all([
      !store ? Promise.resolve<WeComComponentHealth>('off') : store instanceof MemoryDedupStore ? Promise.resolve<WeComComponentHealth>('memory') : probe('dedupStore', () => store.get(PROBE_KEY)),
      this.tickets instanceof MemorySuiteTicketStore ? Promise.resolve<WeComComponentHealth>('memory') : probe('suiteTicketStore', () => this.tickets.get(PROBE_KEY)),
      bull ? probe('queue', () => bull.connection.ping()) : Promise.resolve<WeComComponentHealth>('off'),
    ]);
    const details: WeComHealthDetails = { status: 'up', dedupStore, suiteTicketStore, queue };
    if (bull) {
      details.worker = this.workers.running;
      if (queue === 'up') {
        try {
          const counts = await bounded(bull.queue.getJobCounts('waiting', 'active', 'delayed', 'failed'));
          Object.assign(details, { waiting: counts.waiting ?? 0, active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0 });
        } catch (error) {
          details.queue = 'down';
          errors.queue = error instanceof Error ? error.message : String(error);
        }
      }
    }
    if ([details.dedupStore, details.suiteTicketStore, details.queue].includes('down')) details.status = 'down';
    if (Object.keys(errors).length > 0) details.errors = errors;
    return { [key]: details } as Record<Key, WeComHealthDetails>;
  }
}

function bounded<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS))),
  ]).finally(() => clearTimeout(timer));
}
