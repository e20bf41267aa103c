import { fork } from 'node:child_process';
import { join } from 'node:path';
import { BENCH_OUT } from './compile-for-bench.mjs';

const BOOT_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * Starts one compiled bench server (`bench/servers/<name>.server.ts`) in a child process of its
 * own, so that its RSS is that scenario's alone. `nodeOptions` adds flags such as --cpu-prof; `root`
 * runs another checkout's server (--baseline).
 */
export async function startServer(name, { nodeOptions = [], root = '.' } = {}) {
  const script = join(root, BENCH_OUT, 'bench', 'servers', `${name}.server.js`);
  const child = fork(script, [], { execArgv: nodeOptions, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await withTimeout(
    new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`server ${name} exited with code ${code} before it was ready`)));
      child.on('message', (message) => message?.type === 'ready' && resolve(message.port));
    }),
    BOOT_TIMEOUT_MS,
    `server ${name} did not start`,
    () => child.kill('SIGKILL'),
  );
  child.removeAllListeners('exit');

  return {
    port,
    /** `{ rss, peakRss }` in bytes; peakRss is the high-water mark since the server started. */
    memory: () =>
      withTimeout(
        new Promise((resolve) => {
          const onMessage = (message) => {
            if (message?.type !== 'memory') return;
            child.off('message', onMessage);
            resolve({ rss: message.rss, peakRss: message.peakRss });
          };
          child.on('message', onMessage);
          child.send({ type: 'memory' });
        }),
        5_000,
        `server ${name} did not report its memory`,
      ),
    /** `{ handled, cpuMicros }`: callbacks its handlers ran so far (null for servers without handlers), and its CPU time. */
    stats: () =>
      // A server from an older checkout may not answer: then nothing is known.
      withTimeout(
        new Promise((resolve) => {
          const onMessage = (message) => {
            if (message?.type !== 'stats') return;
            child.off('message', onMessage);
            resolve({ handled: message.handled, cpuMicros: message.cpuMicros });
          };
          child.on('message', onMessage);
          child.send({ type: 'stats' });
        }),
        5_000,
        `server ${name} did not report its stats`,
      ).catch(() => ({ handled: null, cpuMicros: null })),
    /** Starts the V8 profiler in the server; `stopProfile(file)` writes what it sampled since. */
    startProfile: () => request(child, { type: 'profile-start' }, 'profile-started', name),
    stopProfile: (file) => request(child, { type: 'profile-stop', file }, 'profile-stopped', name).then((message) => message.file),
    /** Asks for a clean exit (which lets --cpu-prof write its file); kills it if that takes too long. */
    stop: () =>
      withTimeout(
        new Promise((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.send({ type: 'stop' });
        }),
        STOP_TIMEOUT_MS,
        `server ${name} did not stop`,
        () => child.kill('SIGKILL'),
      ).catch((error) => console.error(`warning: ${error.message}; killed it`)),
  };
}

function request(child, message, answer, name) {
  return withTimeout(
    new Promise((resolve) => {
      const onMessage = (reply) => {
        if (reply?.type !== answer) return;
        child.off('message', onMessage);
        resolve(reply);
      };
      child.on('message', onMessage);
      child.send(message);
    }),
    30_000,
    `server ${name} did not answer ${message.type}`,
  );
}

function withTimeout(promise, ms, message, onTimeout) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new Error(`${message} within ${ms} ms`));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
