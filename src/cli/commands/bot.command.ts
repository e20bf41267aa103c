import { readFileSync } from 'node:fs';
import { draftBotCallback } from '../../testing/bot-builders.js';
import { UnknownBotTemplateError } from '../../testing/bot-renderer.js';
import { BOT_EVENT_TEMPLATES, BOT_MESSAGE_TEMPLATES } from '../../testing/bot-templates.js';
import type { WeComBotCallbackInput, WeComBotCallbackResult, WeComBotCallbackSender, PreparedBotCallback } from '../../testing/bot-callback-sender.js';
import type { WeComBotStreamFrame } from '../../testing/bot-reply-verifier.js';
import { CliUsageError } from '../../errors/cli-usage.error.js';
import type { CliInvocation } from '../cli-options.js';
import type { CliOutput } from '../cli-output.js';
import { formatMs, printFields, printRefusal, whyNoReply } from '../result-printer.js';

/** WeCom drops the connection after 5 seconds and retries (PROTOCOL.md §3.2). */
const WECOM_DEADLINE_MS = 5_000;
/** WeCom polls a stream for up to 6 minutes from the user's message (§5.1). */
const STREAM_WINDOW_MS = 6 * 60_000;

/**
 * `nestjs-wecom send bot …`: an AI bot callback (PROTOCOL.md §5.1) as WeCom sends it, JSON in and
 * out, and, for a streamed answer, the refresh polls WeCom sends until the stream finishes.
 */
export async function runBotSend(client: WeComBotCallbackSender, invocation: CliInvocation, callback: WeComBotCallbackInput, output: CliOutput): Promise<number> {
  const prepared = client.prepare(callback);
  output.out(`POST ${invocation.url}  ${summarize(prepared)}`);
  if (invocation.verbose) {
    output.out('  plaintext sent:');
    output.out(`    ${prepared.plaintext}`);
  }
  if (invocation.repeat > 1) return replayBot(client, prepared, invocation, output);

  const result = await client.deliver(prepared);
  if (!printBotResult(result, output, invocation.verbose)) return 1;
  const stream = result.reply?.stream;
  if (!stream || stream.finish) return 0;
  if (!invocation.follow) {
    output.out(`  The stream is not finished; WeCom would now poll it: nestjs-wecom send bot stream ${stream.id}`);
    return 0;
  }
  output.out(`Following the stream as WeCom does: a refresh poll every ${formatMs(invocation.pollIntervalMs)} until finish (--no-follow to stop here).`);
  let shown = stream.content ?? '';
  const started = performance.now();
  const answer = await client.followStream(result, {
    intervalMs: invocation.pollIntervalMs,
    timeoutMs: STREAM_WINDOW_MS,
    onFrame: (frame: WeComBotStreamFrame, poll: number) => {
      if (poll === 0 || (frame.content === shown && !frame.finish)) return;
      shown = frame.content ?? '';
      output.out(`  poll ${String(poll).padStart(3)}  ${frame.finish ? '✓ finish ' : ''}${JSON.stringify(shown)}`);
    },
  });
  if (!answer.finished) {
    output.err(`✗ the stream did not finish within WeCom's 6-minute polling window (${answer.polls} polls); WeCom would stop polling and the user sees what arrived.`);
    return 1;
  }
  output.out(`✓ finished after ${answer.polls} poll(s) in ${formatMs(performance.now() - started)}.`);
  return 0;
}

/** The callback `send bot <msgtype|event> …` describes; CliUsageError when it describes none. */
export function botCallbackFrom(args: readonly string[], fields: Record<string, unknown>): WeComBotCallbackInput {
  const [what, first, ...extra] = args;
  const messages = Object.keys(BOT_MESSAGE_TEMPLATES);
  if (what === undefined) throw new CliUsageError(`send bot what? e.g. "send bot text hello", "send bot event enter_chat"; one of ${messages.join(', ')}, event or raw.`);
  try {
    if (what === 'raw') {
      if (first === undefined || extra.length > 0) throw new CliUsageError('send bot raw takes one file (or - for stdin): send bot raw callback.json');
      if (Object.keys(fields).length > 0) throw new CliUsageError('send bot raw sends the file as it is; --field does not apply. Edit the file instead.');
      return readPlaintext(first);
    }
    if (what === 'event') {
      if (first === undefined) throw new CliUsageError(`send bot event needs an eventtype: ${Object.keys(BOT_EVENT_TEMPLATES).join(', ')}.`);
      if (extra.length > 0) throw new CliUsageError(`unexpected "${extra.join(' ')}": send bot event <eventtype> [--field event.<eventtype>.key=value …]`);
      return draftBotCallback('bot-event', first, fields);
    }
    if (extra.length > 0) throw new CliUsageError(`unexpected "${extra.join(' ')}": quote the text, e.g. send bot text "hello world"`);
    if (what === 'text' || what === 'voice') {
      return draftBotCallback('bot-message', what, first === undefined ? fields : { [what]: { content: first }, ...fields });
    }
    if (what === 'stream') {
      if (first === undefined) throw new CliUsageError('send bot stream needs the id of the stream to poll (the stream.id of the first answer).');
      return draftBotCallback('bot-message', 'stream', { stream: { id: first }, ...fields });
    }
    if (first !== undefined) throw new CliUsageError(`send bot ${what} takes no argument; set its fields with --field (e.g. --field ${what}.url=https://…).`);
    return draftBotCallback('bot-message', what, fields);
  } catch (error) {
    if (error instanceof UnknownBotTemplateError) throw new CliUsageError(`${error.message} Or: event, raw.`);
    throw error;
  }
}

/** One bot answer, readable. Returns whether it counts as success. */
export function printBotResult(result: WeComBotCallbackResult, output: CliOutput, verbose: boolean): boolean {
  const timing = `in ${formatMs(result.durationMs)}`;
  if (result.durationMs > WECOM_DEADLINE_MS) {
    output.err(`! the bot took ${formatMs(result.durationMs)}: WeCom gives up after 5 s and retries the callback (the 5-second rule).`);
  }
  if (result.status !== 200) {
    printRefusal(result, output);
    return false;
  }
  if (!result.reply) {
    output.out(`✓ 200 OK ${timing}, empty body: no passive reply (${whyNoReply(result.matchedHandlers)}).`);
    if (result.matchedHandlers === 0) {
      output.out('  No @OnWeComBotMessage / @OnWeComBotEvent handler of the app listens for this callback: check its msgtype or eventtype (and { app }).');
    }
    return true;
  }
  output.out(`✓ 200 OK ${timing}: encrypted JSON reply, signature and receiveid "" verified. Decrypted:`);
  printFields(result.reply.payload as unknown as Record<string, unknown>, output);
  if (verbose) {
    output.out('  reply plaintext:');
    output.out(`    ${result.reply.json}`);
  }
  return true;
}

async function replayBot(client: WeComBotCallbackSender, prepared: PreparedBotCallback, invocation: CliInvocation, output: CliOutput): Promise<number> {
  output.out(`Replaying the same request ${invocation.repeat} times, ${invocation.concurrency} at a time (same ciphertext and msgid, like WeCom's retries):`);
  const groups = new Map<string, number>();
  let allOk = true;
  let next = 0;
  const worker = async () => {
    while (next < invocation.repeat) {
      next++;
      let label: string;
      try {
        const result = await client.deliver(prepared);
        if (result.status !== 200) allOk = false;
        label = result.status !== 200 ? `HTTP ${result.status}` : result.reply ? `200, ${result.reply.msgType} reply ${JSON.stringify(result.reply.stream?.content ?? '')}` : '200, no reply';
      } catch (error) {
        allOk = false;
        label = `failed: ${error instanceof Error ? error.message : String(error)}`;
      }
      groups.set(label, (groups.get(label) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: Math.min(invocation.concurrency, invocation.repeat) }, worker));
  for (const [label, count] of groups) output.out(`  ${String(count).padStart(4)} × ${label}`);
  return allOk ? 0 : 1;
}

function readPlaintext(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new CliUsageError(`cannot read ${file === '-' ? 'stdin' : `"${file}"`}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** `bot text from zhangsan, msgid …` / `bot event enter_chat from zhangsan`, read back from the plaintext. */
function summarize(prepared: PreparedBotCallback): string {
  let payload: Record<string, any>;
  try {
    payload = JSON.parse(prepared.plaintext) as Record<string, any>;
  } catch {
    return `raw JSON (${Buffer.byteLength(prepared.plaintext)} bytes, not parseable: the app should refuse it)`;
  }
  const type = payload?.msgtype === 'event' ? `event ${payload.event?.eventtype}` : payload?.msgtype === 'stream' ? `stream poll ${payload.stream?.id}` : payload?.msgtype;
  const parts = [`bot ${type}`];
  if (typeof payload?.from?.userid === 'string') parts.push(`from ${payload.from.userid}`);
  if (payload?.chattype === 'group') parts.push(`in group ${payload.chatid}`);
  if (typeof payload?.msgid === 'string') parts.push(`msgid ${payload.msgid}`);
  return parts.join(', ');
}
