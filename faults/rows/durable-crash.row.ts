import { runCrashScenario, type CrashReport, type CrashScenario } from '../../test/faults/durable-crash.js';
import { compileFaultNode } from '../../test/faults/support/compile-fault-node.js';
import type { FaultRow, RowResult, Scale } from '../support/fault-row.js';

// The durable queue's rows: each runs the same fault with durable handlers and without, side by side,
// on the harness of test/faults/durable-crash.ts (real redis-server, Nest apps in child processes, a
// kill -9 by PID, every handler start and finish recorded in Redis outside the processes, WeCom's 5 s
// timeout and 4 attempts). The quick scale is what test/faults/durable-crash.spec.ts runs in npm test.

type Pair = Record<Scale, { durable: CrashScenario; inline: CrashScenario }>;

/** Issue 13, row 1: 50 handlers of 8 s, the process killed -9 at 6 s (after the early 200 at 4 s), restarted. */
const ROW_1: Pair = {
  full: {
    durable: { name: 'durable', durable: true, callbacks: 50, handlerMs: 8000, receivers: 1, receiversWork: true, workers: 0, kill: { role: 'receiver', afterMs: 6000 }, restart: true },
    inline: { name: 'inline', durable: false, callbacks: 50, handlerMs: 8000, receivers: 1, receiversWork: false, workers: 0, kill: { role: 'receiver', afterMs: 6000 }, restart: true },
  },
  quick: {
    durable: { name: 'durable', durable: true, callbacks: 10, handlerMs: 1500, receivers: 1, receiversWork: true, workers: 0, lockMs: 4000, stalledMs: 500, kill: { role: 'receiver', afterMs: 900 }, restart: true },
    inline: { name: 'inline', durable: false, callbacks: 10, handlerMs: 1500, ackTimeoutMs: 300, receivers: 1, receiversWork: false, workers: 0, kill: { role: 'receiver', afterMs: 900 }, restart: true },
  },
};

/** The issue's proof: 200 callbacks × 3 s handlers, one worker process killed -9 mid-run, a second alive. */
const PROOF: Pair = {
  full: {
    durable: { name: 'durable', durable: true, callbacks: 200, handlerMs: 3000, receivers: 1, receiversWork: false, workers: 2, kill: { role: 'worker', afterMs: 7000 }, restart: false },
    // Without durability the workers are the replicas themselves: two, one killed mid-run, WeCom retries to the other.
    inline: { name: 'inline', durable: false, callbacks: 200, handlerMs: 3000, receivers: 2, receiversWork: false, workers: 0, kill: { role: 'receiver', afterMs: 1500 }, restart: false },
  },
  quick: {
    durable: { name: 'durable', durable: true, callbacks: 30, handlerMs: 1000, receivers: 2, receiversWork: true, workers: 0, concurrency: 10, lockMs: 4000, stalledMs: 500, kill: { role: 'receiver', afterMs: 1500 }, restart: false },
    inline: { name: 'inline', durable: false, callbacks: 30, handlerMs: 1000, receivers: 2, receiversWork: false, workers: 0, kill: { role: 'receiver', afterMs: 500 }, restart: false },
  },
};

/** Handlers that outlive the ack deadline (6 s), the case durable handlers exist for; one of two workers killed. */
const LONG: Pair = {
  full: {
    durable: { name: 'durable', durable: true, callbacks: 200, handlerMs: 6000, receivers: 1, receiversWork: false, workers: 2, kill: { role: 'worker', afterMs: 12_000 }, restart: false },
    inline: { name: 'inline', durable: false, callbacks: 200, handlerMs: 6000, receivers: 2, receiversWork: false, workers: 0, kill: { role: 'receiver', afterMs: 5000 }, restart: false },
  },
  quick: {
    durable: { name: 'durable', durable: true, callbacks: 20, handlerMs: 3000, receivers: 1, receiversWork: false, workers: 2, lockMs: 4000, stalledMs: 500, kill: { role: 'worker', afterMs: 1500 }, restart: false },
    inline: { name: 'inline', durable: false, callbacks: 20, handlerMs: 3000, ackTimeoutMs: 300, receivers: 2, receiversWork: false, workers: 0, kill: { role: 'receiver', afterMs: 1500 }, restart: false },
  },
};

function describeReport(report: CrashReport): string {
  return (
    `${report.scenario}: sent ${report.sent}, answered 200 ${report.answered200}, handled ${report.handled} (${report.invocations} runs), ` +
    `**lost ${report.lost}**, ran twice ${report.ranTwice}, finished twice ${report.completedTwice}`
  );
}

function numbersOf(prefix: string, report: CrashReport): Record<string, number> {
  const { sent, answered200, handled, lost, ranTwice, completedTwice, invocations } = report;
  return Object.fromEntries(Object.entries({ sent, answered200, handled, lost, ranTwice, completedTwice, invocations }).map(([name, value]) => [`${prefix}.${name}`, value]));
}

/** Runs the durable scenario, then the inline one, on the same compiled fault node. */
async function runPair(pair: Pair, scale: Scale): Promise<RowResult> {
  const compiled = compileFaultNode();
  try {
    const durable = await runCrashScenario(pair[scale].durable, compiled.entry);
    const inline = await runCrashScenario(pair[scale].inline, compiled.entry);
    return { figures: `${describeReport(durable)}; ${describeReport(inline)}`, numbers: { ...numbersOf('durable', durable), ...numbersOf('inline', inline) } };
  } finally {
    compiled.remove();
  }
}

export const durableCrashAfterEarlyAck: FaultRow = {
  id: 'durable-crash-after-early-ack',
  fault: 'issue row 1 with durability: 50 × 8 s handlers, the process killed -9 at 6 s (after the early 200), restarted; durable next to inline',
  issue: '50 sent, 50 answered 200, 50 lost (inline; no durable queue existed)',
  run: (scale) => runPair(ROW_1, scale),
};

export const durableWorkerKilled: FaultRow = {
  id: 'durable-worker-killed',
  fault: "the issue's proof: 200 durable callbacks × 3 s handlers, one of two worker processes killed -9 mid-run; the same without durability (two replicas, one killed)",
  issue: 'asked: sent 200, handled ≥ 200, lost 0, ran twice N',
  run: (scale) => runPair(PROOF, scale),
};

export const durableLongHandlers: FaultRow = {
  id: 'durable-long-handlers',
  fault: 'handlers outliving the ack deadline: 200 × 6 s, one of two worker processes killed -9 mid-run; the same without durability (two replicas, one killed after its early 200s)',
  issue: '– (not in the issue)',
  run: (scale) => runPair(LONG, scale),
};
