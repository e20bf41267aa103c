// Compiled by `npm run typecheck` (never run): bullmq's own classes must fit the structural shapes the
// module declares for them (src/delivery/durable/durable-connections.ts), so that the package's type
// declarations need not name bullmq, and an upgrade of bullmq that breaks them fails here.
import type * as bullmq from 'bullmq';
import type { BullMQ, DurableJob, DurableQueue, DurableWorker } from '../../src/delivery/durable/durable-connections.js';
import type { DurableJobData } from '../../src/delivery/durable/durable-job.js';

declare const module: typeof bullmq;
export const asModule: BullMQ = module;
declare const queue: bullmq.Queue<DurableJobData>;
export const asQueue: DurableQueue = queue;
declare const worker: bullmq.Worker<DurableJobData>;
export const asWorker: DurableWorker = worker;
declare const job: bullmq.Job<DurableJobData>;
export const asJob: DurableJob = job;
