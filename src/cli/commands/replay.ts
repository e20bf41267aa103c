import { WeComTestClientError } from '../../errors/wecom-test-client.error.js';
import type { PreparedCallback, WeComCallbackResult, WeComCallbackSender } from '../../testing/callback-sender.js';
import type { CliOutput } from '../cli-output.js';
import { formatMs } from '../result-printer.js';

/** The outcome of one delivery, or the reason it had none. */
type Outcome = { result: WeComCallbackResult } | { error: Error };

/**
 * `--repeat N --concurrency C`: delivers the SAME prepared request N times, C at a time. Same
 * ciphertext, MsgId, timestamp, nonce and signature, which is what WeCom's retries look like
 * (PROTOCOL.md §3.2), so a deduplicating app answers the copies without running its handlers again.
 */
export async function replay(client: WeComCallbackSender, prepared: PreparedCallback, repeat: number, concurrency: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(repeat);
  let next = 0;
  const worker = async () => {
    while (next < repeat) {
      const index = next++;
      try {
        outcomes[index] = { result: await client.deliver(prepared) };
      } catch (error) {
        outcomes[index] = { error: error instanceof Error ? error : new Error(String(error)) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, repeat) }, worker));
  return outcomes;
}

/** Counts of each distinct outcome, then the latency spread. Returns whether every delivery succeeded. */
export function printReplaySummary(outcomes: Outcome[], output: CliOutput): boolean {
  const groups = new Map<string, number>();
  const durations: number[] = [];
  let allOk = true;
  for (const outcome of outcomes) {
    let label: string;
    if ('error' in outcome) {
      allOk = false;
      label = `failed: ${outcome.error instanceof WeComTestClientError ? outcome.error.message : String(outcome.error)}`;
    } else {
      const { result } = outcome;
      durations.push(result.durationMs);
      if (result.status !== 200) allOk = false;
      label = describeOutcome(result);
    }
    groups.set(label, (groups.get(label) ?? 0) + 1);
  }
  for (const [label, count] of groups) output.out(`  ${String(count).padStart(4)} × ${label}`);
  if (durations.length > 0) {
    durations.sort((a, b) => a - b);
    const median = durations[Math.floor((durations.length - 1) / 2)];
    output.out(`  latency: min ${formatMs(durations[0])}, median ${formatMs(median)}, max ${formatMs(durations[durations.length - 1])}`);
  }
  return allOk;
}

function describeOutcome(result: WeComCallbackResult): string {
  if (result.status !== 200) return `HTTP ${result.status}${result.errcode === undefined ? '' : ` errcode ${result.errcode}`}`;
  if (!result.reply) return result.matchedHandlers === 0 ? '200, no reply (no handler matched)' : '200, no reply';
  const content = result.reply.payload.Content;
  return `200, ${result.reply.msgType} reply${typeof content === 'string' ? ` "${content}"` : ''}`;
}
