import { WeComTestClientError } from '../errors/wecom-test-client.error.js';
import { fixedEndpoint } from '../testing/callback-endpoint.js';
import { keysFromCredentials, WeComCallbackSender } from '../testing/callback-sender.js';
import { WeComProtocolError } from '../errors/wecom-protocol.error.js';
import { parseInvocation, type CliInvocation } from './cli-options.js';
import type { CliOutput } from './cli-output.js';
import { CliUsageError } from '../errors/cli-usage.error.js';
import { callbackFrom, runSend } from './commands/send.command.js';
import { runTemplates } from './commands/templates.command.js';
import { runVerify } from './commands/verify.command.js';
import { USAGE } from './usage.js';

/** The whole CLI as a function: arguments in, exit code out (0 success, 1 failure, 2 usage). */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv, output: CliOutput): Promise<number> {
  let invocation: CliInvocation;
  try {
    invocation = parseInvocation(argv, env);
  } catch (error) {
    return usageError(error, output);
  }
  const [command, ...args] = invocation.positionals;
  if (invocation.help || command === undefined || command === 'help') {
    output.out(USAGE);
    return command === undefined && !invocation.help ? 2 : 0;
  }
  if (command === 'templates') return runTemplates(output);

  try {
    if (command !== 'verify' && command !== 'send') throw new CliUsageError(`unknown command "${command}": use verify, send or templates.`);
    if (command === 'verify' && args.length > 0) throw new CliUsageError(`verify takes no argument (got "${args.join(' ')}"); the URL goes in --url.`);
    // The arguments first: a wrong command line is reported before anything else is printed.
    const callback = command === 'send' ? callbackFrom(args, invocation.fields) : undefined;
    // WeComCallbackSender rather than WeComTestClient: the same client without Nest, so the CLI starts fast.
    const client = new WeComCallbackSender(fixedEndpoint(invocation.url), keysFromCredentials(invocation.credentials), {
      fromUser: invocation.fromUser,
      timeoutMs: invocation.timeoutMs,
    });
    describeCredentials(invocation, output);
    return callback === undefined ? await runVerify(client, invocation.url, output) : await runSend(client, invocation, callback, output);
  } catch (error) {
    if (error instanceof CliUsageError) return usageError(error, output);
    if (error instanceof WeComTestClientError) {
      output.err(`✗ ${error.message}`);
      return 1;
    }
    if (error instanceof WeComProtocolError) {
      // Our own side is misconfigured, e.g. an EncodingAESKey of the wrong length.
      output.err(`✗ cannot build the request: ${error.message} (check --aes-key / WECOM_AES_KEY).`);
      return 1;
    }
    throw error;
  }
}

function usageError(error: unknown, output: CliOutput): number {
  output.err(`✗ ${error instanceof Error ? error.message : String(error)}`);
  output.err('Run "nestjs-wecom help" for the commands and options.');
  return 2;
}

/** Which app the requests are for, without printing secrets. */
function describeCredentials(invocation: CliInvocation, output: CliOutput): void {
  const { sources, credentials } = invocation;
  const values = Object.values(sources);
  if (values.every((source) => source === 'demo')) {
    output.out(`Using the sample's demo settings (CorpID ${credentials.corpId}, WeCom's documented example keys; set WECOM_CORP_ID, WECOM_TOKEN, WECOM_AES_KEY for your app).`);
    return;
  }
  const from = (name: string, source: string) => `${name} from ${source}`;
  output.out(
    `CorpID ${credentials.corpId}; ${from('token', sources.token)}, ${from('EncodingAESKey', sources.encodingAESKey)}, ${from('AgentID', sources.agentId)}.`,
  );
}
