// Kills a process with -9 while WeCom callbacks are being handled, with and without durable handlers,
// and counts from outside the processes what was lost and what ran twice. Used by the durable rows of
// `npm run faults` (faults/rows/durable-crash.row.ts: the figures; `npm run faults:durable`
// runs only those) and, with small numbers, by durable-crash.spec.ts in npm test.
// Bounded: fixed callback counts, a time limit per scenario, every process stopped by its PID.
import { Redis } from 'ioredis';
import { startRedisServer } from '../support/redis-server.js';
import { RUNS_LIST } from './support/fault-keys.js';
import { killNode, startNode, type FaultNode } from './support/fault-processes.js';
import { deliverLikeWeCom } from './support/wecom-like-sender.js';

export interface CrashScenario {
  readonly name: string;
  readonly durable: boolean;
  readonly callbacks: number;
  readonly handlerMs: number;
  /** Processes with callback routes; inline handlers run there, and durable workers too when `receiversWork`. */
  readonly receivers: number;
  readonly receiversWork: boolean;
  /** Worker-only processes (durable only). */
  readonly workers: number;
  /** Which process dies, and when (ms after the first callback was sent). */
  readonly kill: { readonly role: 'receiver' | 'worker'; readonly afterMs: number };
  /** Start a fresh process like the killed one right after the kill (what a supervisor does). */
  readonly restart: boolean;
  readonly concurrency?: number;
  readonly ackTimeoutMs?: number;
  /** durable.lockDurationMs (default 4000) and durable.stalledIntervalMs (default 1000): how soon a dead worker's jobs run again. */
  readonly lockMs?: number;
  readonly stalledMs?: number;
  readonly timeLimitMs?: number;
}

export interface CrashReport {
  readonly scenario: string;
  readonly sent: number;
  /** Callbacks whose last WeCom attempt got a 200. */
  readonly answered200: number;
  /** Callbacks whose handler finished at least once. */
  readonly handled: number;
  readonly lost: number;
  /** Callbacks whose handler started more than once (at-least-once re-runs after the kill). */
  readonly ranTwice: number;
  /** Callbacks whose handler finished more than once. */
  readonly completedTwice: number;
  readonly invocations: number;
  readonly killedPid: number;
  /** Handler starts per process, killed one first: where the work happened. */
  readonly startsByPid: Readonly<Record<string, number>>;
  readonly durationMs: number;
}

let nextMsgId = 7_700_000_000_000_000_000n;
const debug = (started: number, what: string) => process.env.FAULTS_DEBUG && console.error(`[faults +${Date.now() - started} ms] ${what}`);

export async function runCrashScenario(scenario: CrashScenario, entry?: string): Promise<CrashReport> {
  const started = Date.now();
  const timeLimit = scenario.timeLimitMs ?? 180_000;
  const redis = await startRedisServer();
  const inspect = new Redis(redis.url);
  const nodes: FaultNode[] = [];
  const lockMs = scenario.lockMs ?? 4000;
  const stalledMs = scenario.stalledMs ?? 1000;
  const settings = { redisUrl: redis.url, handlerMs: scenario.handlerMs, durable: scenario.durable, concurrency: scenario.concurrency, ackTimeoutMs: scenario.ackTimeoutMs, lockMs, stalledMs, entry };
  const startReceiver = () => startNode('receiver', { ...settings, routes: true, workers: scenario.durable && scenario.receiversWork });
  const startWorker = () => startNode('worker', { ...settings, routes: false, workers: true });
  const watchdog = setTimeout(() => {
    console.error(`fault scenario "${scenario.name}" exceeded ${timeLimit} ms; killing everything`);
    for (const node of nodes) if (node.alive) process.kill(node.pid, 'SIGKILL');
    void redis.stop().then(() => process.exit(2));
  }, timeLimit);
  try {
    nodes.push(...(await Promise.all([
      ...Array.from({ length: scenario.receivers }, startReceiver),
      ...Array.from({ length: scenario.durable ? scenario.workers : 0 }, startWorker),
    ])));
    debug(started, 'processes ready');
    const victim = nodes.find((node) => node.role === scenario.kill.role);
    if (!victim) throw new Error(`scenario "${scenario.name}" has no ${scenario.kill.role} to kill`);

    let turn = 0;
    const pick = () => {
      const live = nodes.filter((node) => node.role === 'receiver' && node.alive);
      return live.length === 0 ? undefined : live[turn++ % live.length].port;
    };
    // Warm servers, as in production: a first request to each receiver loads its code paths and connections.
    for (const node of nodes.filter((n) => n.role === 'receiver')) {
      await deliverLikeWeCom(String(nextMsgId++), () => node.port, 'warm-up');
    }
    debug(started, 'warmed up');
    const msgIds = Array.from({ length: scenario.callbacks }, () => String(nextMsgId++));
    const sendStarted = Date.now();
    const deliveries = Promise.all(msgIds.map((msgId) => deliverLikeWeCom(msgId, pick)));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, sendStarted + scenario.kill.afterMs - Date.now())));
    await killNode(victim);
    debug(started, `killed ${victim.pid}`);
    if (scenario.restart) nodes.push(victim.role === 'receiver' ? await startReceiver() : await startWorker());
    const results = await deliveries;
    debug(started, 'WeCom got its answers');

    // Wait until every callback finished once, or nothing new has been recorded for long enough that
    // nothing will be: a handler's run, plus (durable) a lock lapse and a stalled check, plus a margin.
    const quietMs = scenario.handlerMs + (scenario.durable ? lockMs + 2 * stalledMs : 0) + 1000;
    let lastLength = -1;
    let lastChange = Date.now();
    for (;;) {
      const runs = await inspect.lrange(RUNS_LIST, 0, -1);
      if (new Set(runs.filter((r) => r.endsWith('|done')).map((r) => r.split('|')[0])).size >= msgIds.length) break;
      if (runs.length !== lastLength) {
        lastLength = runs.length;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > quietMs) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    debug(started, 'counted');
    const runs = (await inspect.lrange(RUNS_LIST, 0, -1)).map((r) => r.split('|'));
    const count = (phase: string) => {
      const per = new Map<string, number>();
      for (const [msgId, , what] of runs) if (what === phase) per.set(msgId, (per.get(msgId) ?? 0) + 1);
      return per;
    };
    const starts = count('start');
    const dones = count('done');
    const handled = msgIds.filter((id) => dones.has(id)).length;
    return {
      scenario: scenario.name,
      sent: msgIds.length,
      answered200: results.filter((r) => r.status === 200).length,
      handled,
      lost: msgIds.length - handled,
      ranTwice: [...starts.values()].filter((n) => n > 1).length,
      completedTwice: [...dones.values()].filter((n) => n > 1).length,
      invocations: runs.filter(([, , what]) => what === 'start').length,
      killedPid: victim.pid,
      startsByPid: Object.fromEntries(nodes.map((node) => [node.pid, runs.filter(([, pid, what]) => what === 'start' && Number(pid) === node.pid).length])),
      durationMs: Date.now() - started,
    };
  } finally {
    clearTimeout(watchdog);
    for (const node of nodes) if (node.alive) await killNode(node);
    await inspect.quit();
    await redis.stop();
  }
}
