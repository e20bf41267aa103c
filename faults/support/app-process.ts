import { fork, type ChildProcess } from 'node:child_process';
import { compiledPath } from './compiled.js';
import type { FaultAppSettings } from './fault-app-settings.js';

const READY_TIMEOUT_MS = 60_000;

/** A replica (faults/support/fault-app.ts) in a child process, controlled by its PID. */
export class AppProcess {
  private readonly onExit = () => this.child.kill('SIGKILL');

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    process.once('exit', this.onExit);
  }

  static async start(settings: FaultAppSettings): Promise<AppProcess> {
    const child = fork(compiledPath('faults/support/fault-app.ts'), {
      execArgv: [],
      env: { ...process.env, FAULT_APP: JSON.stringify(settings) },
      stdio: ['ignore', 'ignore', settings.logs ? 'inherit' : 'ignore', 'ipc'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the fault app did not start within ${READY_TIMEOUT_MS} ms`));
      }, READY_TIMEOUT_MS);
      child.once('message', (message: { type: string; port: number }) => {
        clearTimeout(timer);
        resolve(message.port);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the fault app exited with ${code} before it was ready`));
      });
    });
    child.removeAllListeners('exit');
    return new AppProcess(child, port);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/wecom/callback`;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Freezes the replica's event loop for `ms` (a synchronous loop): returns once the order is sent. */
  stall(ms: number): void {
    this.child.send({ type: 'stall', ms });
  }

  /** How many calls the liar store answered so far (rejects if the replica does not answer in 5 s). */
  storeCalls(): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the replica did not answer its control channel within 5 s')), 5000);
      const onMessage = (message: { type: string; storeCalls: number }) => {
        if (message.type !== 'stats') return;
        clearTimeout(timer);
        this.child.off('message', onMessage);
        resolve(message.storeCalls);
      };
      this.child.on('message', onMessage);
      this.child.send({ type: 'stats' });
    });
  }

  /** Kills the replica by its PID and waits for it to be gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.alive) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill(signal);
    });
    process.off('exit', this.onExit);
  }

  /** app.close() (drains handlers), then the process exits; killed if it takes longer than `timeoutMs`. */
  async close(timeoutMs = 15_000): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'close' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
    process.off('exit', this.onExit);
  }
}
