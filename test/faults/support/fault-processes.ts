import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface FaultNode {
  readonly role: 'receiver' | 'worker';
  readonly child: ChildProcess;
  readonly pid: number;
  readonly port: number;
  alive: boolean;
}

export interface NodeSettings {
  readonly redisUrl: string;
  readonly handlerMs: number;
  readonly durable: boolean;
  readonly routes: boolean;
  readonly workers: boolean;
  readonly concurrency?: number;
  /** The module's ackTimeoutMs (default 4000). */
  readonly ackTimeoutMs?: number;
  /** durable.lockDurationMs and durable.stalledIntervalMs of the node. */
  readonly lockMs: number;
  readonly stalledMs: number;
  /** The fault node to run: compiled JavaScript (compileFaultNode), or the TypeScript source under the loader. */
  readonly entry?: string;
}

const NODE_ENTRY = fileURLToPath(new URL('./fault-node.ts', import.meta.url));
const BOOT_LIMIT_MS = 60_000;

/** Starts one fault node (a child process under the TypeScript loader) and waits until it listens. */
export async function startNode(role: FaultNode['role'], settings: NodeSettings): Promise<FaultNode> {
  const entry = settings.entry ?? NODE_ENTRY;
  const child = fork(entry, {
    execArgv: entry.endsWith('.ts') ? ['--import', '@swc-node/register/esm-register'] : [],
    env: {
      ...process.env,
      REDIS_URL: settings.redisUrl,
      HANDLER_MS: String(settings.handlerMs),
      DURABLE: settings.durable ? '1' : '0',
      ROUTES: settings.routes ? '1' : '0',
      WORKERS: settings.workers ? '1' : '0',
      CONCURRENCY: String(settings.concurrency ?? 20),
      LOCK_MS: String(settings.lockMs),
      STALLED_MS: String(settings.stalledMs),
      ...(settings.ackTimeoutMs ? { ACK_TIMEOUT_MS: String(settings.ackTimeoutMs) } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ port: number; pid: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fault node did not start within ${BOOT_LIMIT_MS} ms`)), BOOT_LIMIT_MS);
    child.once('message', (message: { type: string; port: number; pid: number }) => {
      clearTimeout(timer);
      resolve(message);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fault node exited with ${code} before it was ready`));
    });
  });
  const node: FaultNode = { role, child, pid: ready.pid, port: ready.port, alive: true };
  child.once('exit', () => (node.alive = false));
  // A run that dies never leaves a child behind.
  const killOnExit = () => node.alive && process.kill(node.pid, 'SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  return node;
}

/** kill -9, by PID, and wait until the process is gone. */
export async function killNode(node: FaultNode): Promise<void> {
  if (!node.alive) return;
  const gone = new Promise<void>((resolve) => node.child.once('exit', () => resolve()));
  process.kill(node.pid, 'SIGKILL');
  await gone;
}
