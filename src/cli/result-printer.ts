import { explainRefusal } from '../testing/errcode-explanations.js';
import type { WeComCallbackResult } from '../testing/callback-sender.js';
import type { CliOutput } from './cli-output.js';

/** WeCom drops the connection after 5 seconds and retries (PROTOCOL.md §3.2). */
const WECOM_DEADLINE_MS = 5_000;

export const formatMs = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

/**
 * One callback's outcome, readable: the decrypted reply field by field, an empty 200, or a refusal
 * with its errcode explained in words. Returns whether it counts as success.
 */
export function printResult(result: WeComCallbackResult, output: CliOutput, verbose: boolean): boolean {
  const timing = `in ${formatMs(result.durationMs)}`;
  if (result.durationMs > WECOM_DEADLINE_MS) {
    output.err(`! the app took ${formatMs(result.durationMs)}: WeCom gives up after 5 s and retries the callback (the 5-second rule).`);
  }
  if (result.status !== 200) {
    printRefusal(result, output);
    return false;
  }
  if (!result.reply) {
    const body = result.body.trim() === '' ? 'empty body' : `body "${result.body.trim()}"`;
    output.out(`✓ 200 OK ${timing}, ${body}: no passive reply (${whyNoReply(result.matchedHandlers)}).`);
    if (result.matchedHandlers === 0) {
      output.out('  No @OnWeCom… handler of the app listens for this callback: check the decorator\'s type, event and ChangeType (and { app }), or run "nestjs-wecom templates".');
    }
    return true;
  }
  output.out(`✓ 200 OK ${timing}: encrypted passive reply, signature and receiveid verified. Decrypted:`);
  printFields(result.reply.payload, output);
  if (verbose) {
    output.out('  reply plaintext:');
    output.out(`    ${result.reply.xml}`);
  }
  return true;
}

/** What the app said about its handlers (the answer's X-WeCom-Matched-Handlers header), in words. */
export function whyNoReply(matchedHandlers: number | undefined): string {
  if (matchedHandlers === undefined) return 'the app did not say whether a handler matched';
  if (matchedHandlers === 0) return 'no handler matched this callback';
  return `${matchedHandlers === 1 ? 'one handler matched' : `${matchedHandlers} handlers matched`} and none returned a reply`;
}

export function printRefusal(result: { status: number; errcode?: number; errmsg?: string; body: string }, output: CliOutput): void {
  const code = result.errcode === undefined ? '' : ` errcode ${result.errcode}`;
  output.err(`✗ HTTP ${result.status}${code}: ${explainRefusal(result.status, result.errcode)}`);
  if (result.errmsg) output.err(`  the app said: ${result.errmsg}`);
  else if (result.body.trim() !== '') output.err(`  body: ${truncate(result.body.trim(), 300)}`);
}

/** `Name  value` lines, nested elements as `Parent.Child`, list items as `Name.0`. */
export function printFields(payload: Record<string, unknown>, output: CliOutput): void {
  const rows: Array<[string, string]> = [];
  flatten(payload, '', rows);
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, value] of rows) output.out(`  ${name.padEnd(width)}  ${value}`);
}

function flatten(node: unknown, prefix: string, rows: Array<[string, string]>): void {
  if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) flatten(value, prefix ? `${prefix}.${key}` : key, rows);
    return;
  }
  rows.push([prefix, String(node)]);
}

const truncate = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}…` : text);
