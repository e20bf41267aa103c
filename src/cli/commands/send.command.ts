import { readFileSync } from 'node:fs';
import { draftCallback } from '../../testing/callback-builders.js';
import { MESSAGE_TEMPLATES } from '../../testing/callback-templates.js';
import { UnknownTemplateError } from '../../testing/template-catalog.js';
import type { PreparedCallback, WeComCallbackInput, WeComCallbackSender } from '../../testing/callback-sender.js';
import { parseCallbackXml } from '../../xml/callback-xml.parser.js';
import type { CliInvocation } from '../cli-options.js';
import type { CliOutput } from '../cli-output.js';
import { CliUsageError } from '../../errors/cli-usage.error.js';
import { printResult } from '../result-printer.js';
import { printReplaySummary, replay } from './replay.js';

/** `nestjs-wecom send …`: build the plaintext from a template (or a file), encrypt, sign, POST, open the reply. */
export async function runSend(client: WeComCallbackSender, invocation: CliInvocation, callback: WeComCallbackInput, output: CliOutput): Promise<number> {
  const prepared = client.prepare(callback);
  output.out(`POST ${invocation.url}  ${summarize(prepared)}`);
  if (invocation.verbose) {
    output.out('  plaintext sent:');
    output.out(`    ${prepared.plaintext}`);
  }

  if (invocation.repeat > 1) {
    output.out(
      `Replaying the same request ${invocation.repeat} times, ${invocation.concurrency} at a time ` +
        '(same ciphertext, MsgId, timestamp, nonce and signature, like WeCom\'s retries):',
    );
    const outcomes = await replay(client, prepared, invocation.repeat, invocation.concurrency);
    return printReplaySummary(outcomes, output) ? 0 : 1;
  }
  return printResult(await client.deliver(prepared), output, invocation.verbose) ? 0 : 1;
}

/** The callback the arguments describe; CliUsageError when they describe none. */
export function callbackFrom(args: readonly string[], fields: Record<string, unknown>): WeComCallbackInput {
  const [what, first, second, ...extra] = args;
  if (what === undefined) throw new CliUsageError('send what? e.g. "send text hello", "send event click", "send raw callback.xml".');
  try {
    if (what === 'raw') {
      if (first === undefined || second !== undefined) throw new CliUsageError('send raw takes one file (or - for stdin): send raw callback.xml');
      if (Object.keys(fields).length > 0) throw new CliUsageError('send raw sends the file as it is; --field does not apply. Edit the file instead.');
      return readPlaintext(first);
    }
    if (what === 'event' || what === 'info') {
      if (first === undefined) throw new CliUsageError(`send ${what} needs a name, e.g. "send ${what} ${what === 'event' ? 'click' : 'suite_ticket'}". See "nestjs-wecom templates".`);
      if (extra.length > 0) throw new CliUsageError(`unexpected "${extra.join(' ')}": send ${what} <name> [ChangeType] [--field Name=value …]`);
      return draftCallback(what, first, second, fields);
    }
    if (what in MESSAGE_TEMPLATES) {
      if (what === 'text') {
        if (second !== undefined) throw new CliUsageError('quote the text: send text "hello world"');
        return draftCallback('message', 'text', undefined, first === undefined ? fields : { Content: first, ...fields });
      }
      if (first !== undefined) throw new CliUsageError(`send ${what} takes no argument; set its fields with --field (see "nestjs-wecom templates").`);
      return draftCallback('message', what, undefined, fields);
    }
  } catch (error) {
    if (error instanceof UnknownTemplateError) throw new CliUsageError(error.message);
    throw error;
  }
  throw new CliUsageError(`cannot send "${what}": use one of ${Object.keys(MESSAGE_TEMPLATES).join(', ')}, event, info or raw.`);
}

function readPlaintext(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new CliUsageError(`cannot read ${file === '-' ? 'stdin' : `"${file}"`}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** `text from zhangsan, MsgId …` / `event change_contact create_party from sys`, read back from the plaintext. */
function summarize(prepared: PreparedCallback): string {
  let payload: Record<string, unknown>;
  try {
    payload = parseCallbackXml(prepared.plaintext);
  } catch {
    return `raw XML (${Buffer.byteLength(prepared.plaintext)} bytes, not parseable as a callback: the app should refuse it)`;
  }
  const pick = (name: string) => (typeof payload[name] === 'string' ? (payload[name] as string) : undefined);
  const type = pick('InfoType') ?? (pick('MsgType') === 'event' ? `event ${pick('Event')}` : pick('MsgType'));
  const parts = [[type, pick('ChangeType')].filter(Boolean).join(' ')];
  if (pick('FromUserName')) parts.push(`from ${pick('FromUserName')}`);
  if (pick('MsgId')) parts.push(`MsgId ${pick('MsgId')}`);
  return parts.join(', ');
}
