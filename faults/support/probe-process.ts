import { fork } from 'node:child_process';
import { compiledPath } from './compiled.js';

/**
 * Runs a measuring script (faults/probes/*.ts) in a child process with --expose-gc, so heap figures
 * are taken after a full GC in a process that holds nothing else; resolves with the JSON it sends.
 */
export function runProbe<T>(name: string, args: Record<string, unknown>, timeoutMs = 300_000): Promise<T> {
  const child = fork(compiledPath(`faults/probes/${name}.probe.ts`), {
    execArgv: ['--expose-gc', '--max-old-space-size=1024'],
    env: { ...process.env, PROBE_ARGS: JSON.stringify(args) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`probe ${name} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as T);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      process.off('exit', onExit);
      reject(new Error(`probe ${name} exited with ${code} before reporting`));
    });
  }).finally(() => {
    process.off('exit', onExit);
    if (child.exitCode === null) child.kill('SIGKILL');
  });
}

/** Heap used after two full collections (the probe runs with --expose-gc). */
export function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
