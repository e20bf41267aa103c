// The delivery layer alone, in process: WeComCallbackExecutor.execute() around the real dispatcher,
// per text message, against the dispatcher alone (what the callback costs without delivery
// semantics). Distinct MsgIds, so deduplication never short-circuits. Prints one JSON line with ns
// per callback for each configuration (median of --reps runs of --count callbacks).
//
//   node --import @swc-node/register/esm-register bench/micro/executor.micro.ts [--count=100000] [--reps=5]
import 'reflect-metadata';
import { resolveDelivery } from '../../src/config/resolve-delivery.js';
import { WeComCallbackExecutor } from '../../src/delivery/callback.executor.js';
import { WeComReply } from '../../src/families/app/wecom-reply.js';
import type { InboundCallback } from '../../src/families/inbound-callback.js';
import { WeComCallbackDispatcher } from '../../src/routing/callback.dispatcher.js';
import type { WeComModuleOptions } from '../../src/config/wecom-options.interface.js';

const args = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
const COUNT = Number(args.get('count') ?? 100_000);
const REPS = Number(args.get('reps') ?? 5);

const family = { toReply: (result: unknown) => (typeof result === 'string' ? WeComReply.text(result) : undefined), describe: () => 'text' };
const matches = [{ handler: { id: 'Echo.onText', order: 0, metadata: { kind: 'message', msgType: 'text' }, invoke: async (payload: Record<string, unknown>) => `echo: ${String(payload.Content)}` }, specificity: 1 }];
let next = 7_000_000_000_000_000_000n;
function callback(): InboundCallback {
  const msgId = String(next++);
  return {
    app: { name: 'default' },
    family,
    payload: { ToUserName: 'ww', FromUserName: 'zhangsan', CreateTime: '1700000000', MsgType: 'text', Content: 'hello', MsgId: msgId, AgentID: '1' },
    ctx: { app: 'default', rawXml: `<xml><MsgId>${msgId}</MsgId></xml>` },
    matches,
  } as unknown as InboundCallback;
}

const dispatcher = new WeComCallbackDispatcher();
function executor(options: Partial<WeComModuleOptions>): WeComCallbackExecutor {
  const created = new WeComCallbackExecutor(dispatcher, resolveDelivery({ corpId: 'ww', token: 't', encodingAESKey: 'k', ...options } as WeComModuleOptions));
  created.onModuleInit();
  return created;
}

const configurations: [string, (inbound: InboundCallback) => Promise<unknown>][] = [
  ['dispatcher alone', (inbound) => dispatcher.dispatch(inbound)],
  ['executor: defaults (memory dedup, 4 s ack deadline)', ((e) => (inbound: InboundCallback) => e.execute(inbound))(executor({}))],
  ['executor: dedup off', ((e) => (inbound: InboundCallback) => e.execute(inbound))(executor({ dedup: false }))],
  ['executor: ack deadline off', ((e) => (inbound: InboundCallback) => e.execute(inbound))(executor({ ackTimeoutMs: false }))],
  ['executor: both off', ((e) => (inbound: InboundCallback) => e.execute(inbound))(executor({ dedup: false, ackTimeoutMs: false }))],
];

async function timed(run: (inbound: InboundCallback) => Promise<unknown>): Promise<number> {
  const inputs = Array.from({ length: COUNT }, callback);
  const started = process.hrtime.bigint();
  for (const inbound of inputs) await run(inbound);
  return Number(process.hrtime.bigint() - started) / COUNT;
}

const results: Record<string, { nsPerCallback: number; runs: number[] }> = {};
for (const [, run] of configurations) await timed(run); // warm every path first
// Interleaved repetitions, so a busy moment of the machine hits every configuration alike.
const runs = new Map<string, number[]>(configurations.map(([name]) => [name, []]));
for (let rep = 0; rep < REPS; rep++) for (const [name, run] of configurations) runs.get(name)!.push(await timed(run));
for (const [name, values] of runs) {
  const sorted = [...values].sort((a, b) => a - b);
  results[name] = { nsPerCallback: Math.round(sorted[sorted.length >> 1]), runs: values.map(Math.round) };
}
console.log(JSON.stringify({ count: COUNT, reps: REPS, results }));
process.exit(0);
