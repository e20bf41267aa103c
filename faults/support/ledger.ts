import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export interface Invocations {
  readonly starts: number;
  readonly ends: number;
  readonly pids: ReadonlySet<number>;
  /** When the first run ended (epoch ms), if one did. */
  readonly firstEndAt?: number;
}

export interface Tally {
  readonly sent: number;
  readonly completed: number;
  readonly lost: number;
  readonly handledTwice: number;
  readonly startedTwice: number;
}

/** The handler invocations the replicas appended to their shared ledger file. */
export class Ledger {
  constructor(readonly file: string) {
    writeFileSync(file, '');
  }

  read(): Map<string, Invocations> {
    const byMsg = new Map<string, { starts: number; ends: number; pids: Set<number>; firstEndAt?: number }>();
    if (!existsSync(this.file)) return byMsg;
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      const [event, msgId, pid, at] = line.split(' ');
      if (!msgId) continue;
      const entry = byMsg.get(msgId) ?? { starts: 0, ends: 0, pids: new Set<number>() };
      if (event === 'start') entry.starts++;
      if (event === 'end') {
        entry.ends++;
        entry.firstEndAt ??= Number(at);
      }
      entry.pids.add(Number(pid));
      byMsg.set(msgId, entry);
    }
    return byMsg;
  }

  /**
   * Among `msgIds`: completed (a handler run ended), lost (none did), handled twice (two runs ended),
   * started twice (two runs began: includes a run cut short by a crash and run again elsewhere).
   */
  tally(msgIds: readonly string[]): Tally {
    const byMsg = this.read();
    const tally = { sent: msgIds.length, completed: 0, lost: 0, handledTwice: 0, startedTwice: 0 };
    for (const msgId of msgIds) {
      const entry = byMsg.get(msgId);
      if (entry && entry.ends > 0) tally.completed++;
      else tally.lost++;
      if (entry && entry.ends > 1) tally.handledTwice++;
      if (entry && entry.starts > 1) tally.startedTwice++;
    }
    return tally;
  }

  /** How many of `msgIds` had a run end before `at` (epoch ms). */
  endedBefore(msgIds: readonly string[], at: number): number {
    const byMsg = this.read();
    return msgIds.filter((msgId) => (byMsg.get(msgId)?.firstEndAt ?? Infinity) < at).length;
  }

  remove(): void {
    rmSync(this.file, { force: true });
  }
}
