import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Builds `name` once per `vitest run`, whichever test file asks first, and hands every other file
 * (in any worker process) the same result: the first caller takes a lock directory (mkdir is atomic)
 * and writes the outcome as JSON; the others poll for it. The value must be JSON, e.g. paths.
 */
export async function runOnce<T>(name: string, produce: () => Promise<T> | T, timeoutMs = 300_000): Promise<T> {
  const runDir = inject('runDir');
  const outcomeFile = join(runDir, `${name}.json`);
  try {
    mkdirSync(join(runDir, `${name}.lock`));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return waitFor<T>(name, outcomeFile, timeoutMs);
  }
  let outcome: Outcome<T>;
  try {
    outcome = { ok: true, value: await produce() };
  } catch (error) {
    outcome = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  writeFileSync(`${outcomeFile}.tmp`, JSON.stringify(outcome));
  renameSync(`${outcomeFile}.tmp`, outcomeFile);
  if (!outcome.ok) throw new Error(`${name} failed: ${outcome.error}`);
  return outcome.value;
}

async function waitFor<T>(name: string, file: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      await sleep(100);
      continue;
    }
    const outcome = JSON.parse(text) as Outcome<T>;
    if (!outcome.ok) throw new Error(`${name} failed in another test file: ${outcome.error}`);
    return outcome.value;
  }
  throw new Error(`gave up waiting ${timeoutMs} ms for ${name}, built by another test file`);
}
