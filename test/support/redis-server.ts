import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port.js';

export interface RunningRedis {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Starts a real `redis-server` (the Debian package; .ci/run installs it when missing) on a free
 * loopback port (or `port`, to bring a server back where clients expect it), with persistence off so it
 * leaves nothing on disk. Stop it in afterAll.
 */
export async function startRedisServer(options: { port?: number } = {}): Promise<RunningRedis> {
  const port = options.port ?? (await freePort());
  const child = await spawnRedisServer(['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
  // If the test process dies without afterAll, do not leave a server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => {
      process.off('exit', killOnExit);
      return stop(child);
    },
  };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * Runs `redis-server` with `args` and resolves once it accepts connections (its log says so), or
 * rejects with its output if it exits or is not ready within 10 s. Shared with faults/ (which restarts
 * servers with persistence), so there is one way to start one.
 */
export function spawnRedisServer(args: readonly string[]): Promise<ChildProcess> {
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise<ChildProcess>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`redis-server did not start within 10 s:\n${output}`)), 10_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('error', (error) => fail(new Error(`cannot run redis-server (${error.message}); install it: apt-get install -y redis-server`)));
    child.once('exit', (code) => fail(new Error(`redis-server exited with ${code}:\n${output}`)));
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes('Ready to accept connections')) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout!.off('data', onData).resume(); // keep draining its log, without watching it
      resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.resume();
  });
}
