import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../test/support/free-port.js';
import { spawnRedisServer } from '../../test/support/redis-server.js';

/** How the server keeps its data across a restart. */
export type RedisPersistence = 'none' | 'aof-everysec' | 'aof-always';

/**
 * A real redis-server on a loopback port that survives restarts: kill it (-9), pause it (SIGSTOP, a
 * hung server whose sockets stay open), restart it on the same port and data directory. Every action
 * targets this server's PID; `stop()` removes its directory.
 */
export class RedisProcess {
  private child: ChildProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'nestjs-wecom-faults-redis-'));
  private readonly onExit = () => this.child?.kill('SIGKILL');

  private constructor(
    readonly port: number,
    readonly persistence: RedisPersistence,
  ) {}

  static async start(persistence: RedisPersistence = 'none'): Promise<RedisProcess> {
    const redis = new RedisProcess(await freePort(), persistence);
    process.once('exit', redis.onExit);
    await redis.spawn();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Kills the server (SIGKILL by default: no AOF rewrite, no goodbye) and waits for it to exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    if (signal !== 'SIGKILL') child.kill('SIGCONT'); // a paused server acts on SIGTERM only once resumed
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
    this.child = undefined;
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.spawn();
  }

  /** SIGSTOP: the server keeps its sockets open and answers nothing, like a hung host. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    this.resume();
    await this.kill('SIGKILL');
    process.off('exit', this.onExit);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private args(): string[] {
    const base = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--maxmemory-policy', 'noeviction'];
    if (this.persistence === 'none') return [...base, '--appendonly', 'no'];
    return [...base, '--appendonly', 'yes', '--appendfsync', this.persistence === 'aof-always' ? 'always' : 'everysec'];
  }

  private async spawn(): Promise<void> {
    this.child = await spawnRedisServer(this.args());
  }
}
