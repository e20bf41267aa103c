import { WeComTestClientError } from '../errors/wecom-test-client.error.js';
import { fixedEndpoint } from '../testing/callback-endpoint.js';
import { keysFromCredentials, WeComCallbackSender } from '../testing/callback-sender.js';
import { WeComProtocolError } from '../errors/wecom-protocol.error.js';
import { parseInvocation, type CliInvocation } from './cli-options.js';
import type { CliOutput } from './cli-output.js';
import { CliUsageError } from '../errors/cli-usage.error.js';
import { WeComCallbackDraft } from '../testing/callback-builders.js';
import { callbackFrom, runSend } from './commands/send.command.js';
import { botCallbackFrom, runBotSend } from './commands/bot.command.js';
import { botKeysFromCredentials, WeComBotCallbackSender } from '../testing/bot-callback-sender.js';
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
    const bot = invocation.family === 'bot';
    const rest = bot ? args.slice(1) : args;
    if (command === 'verify' && rest.length > 0) {
      throw new CliUsageError(`verify takes no argument but "bot" (got "${args.join(' ')}"); the URL goes in --url.`);
    }
    if (bot) {
      // The arguments first: a wrong command line is reported before anything else is printed.
      const callback = command === 'send' ? botCallbackFrom(rest, invocation.fields) : undefined;
      const client = new WeComBotCallbackSender(fixedEndpoint(invocation.url), botKeysFromCredentials(invocation.credentials), {
        fromUser: invocation.fromUser,
        timeoutMs: invocation.timeoutMs,
      });
      describeBotCredentials(invocation, output);
      return callback === undefined ? await runVerify(client, invocation.url, output) : await runBotSend(client, invocation, callback, output);
    }
    const callback = command === 'send' ? callbackFrom(args, invocation.fields) : undefined;
    // WeComCallbackSender rather than WeComTestClient: the same client without Nest, so the CLI starts fast.
    const client = new WeComCallbackSender(fixedEndpoint(invocation.url), keysFromCredentials(invocation.credentials), {
      fromUser: invocation.fromUser,
      timeoutMs: invocation.timeoutMs,
    });
    // Only a draft whose template carries AgentID uses it (change_contact and raw files do not).
    const usesAgentId = callback instanceof WeComCallbackDraft && callback.template.agentId;
    describeCredentials(invocation, usesAgentId, output);
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

/** Which bot the requests are for, without printing secrets. */
function describeBotCredentials(invocation: CliInvocation, output: CliOutput): void {
  const { sources } = invocation;
  if (sources.token === 'demo' && sources.encodingAESKey === 'demo') {
    output.out("Using the sample's demo settings for the AI bot (WeCom's documented example keys; set WECOM_BOT_TOKEN and WECOM_BOT_AES_KEY for your bot).");
    return;
  }
  const origin = (source: string) => (source === 'demo' ? 'the demo settings' : source);
  output.out(`AI bot: token from ${origin(sources.token)}, EncodingAESKey from ${origin(sources.encodingAESKey)}; receiveid "".`);
}

/** Which app the requests are for, without printing secrets. */
function describeCredentials(invocation: CliInvocation, usesAgentId: boolean, output: CliOutput): void {
  const { sources, credentials } = invocation;
  if (Object.values(sources).every((source) => source === 'demo')) {
    output.out(
      `Using the sample's demo settings (CorpID ${credentials.corpId}, AgentID ${credentials.agentId}, WeCom's documented example keys; ` +
        'set WECOM_CORP_ID, WECOM_TOKEN, WECOM_AES_KEY and WECOM_AGENT_ID for your app).',
    );
    return;
  }
  const origin = (source: string) => (source === 'demo' ? 'the demo settings' : source);
  output.out(
    `CorpID ${credentials.corpId} (from ${origin(sources.corpId)}); token from ${origin(sources.token)}, ` +
      `EncodingAESKey from ${origin(sources.encodingAESKey)}, AgentID ${credentials.agentId} (from ${origin(sources.agentId)}).`,
  );
  if (usesAgentId && sources.agentId === 'demo') {
    // Not silently: the demo's AgentID ends up in the plaintext the app's handlers read.
    output.out(
      `  AgentID ${credentials.agentId} is the demo's: neither --agent-id nor WECOM_AGENT_ID is set. It is written into the ` +
        "callback's AgentID field (the module does not check it); set yours if your handlers read it.",
    );
  }
}
