import { parseArgs } from 'node:util';
import { CliUsageError } from '../errors/cli-usage.error.js';
import { DEFAULT_BOT_URL, DEFAULT_CALLBACK_URL, DEMO_CREDENTIALS } from './demo-credentials.js';
import { parseFieldFlags } from './field-flags.js';

/** The command line, parsed and with every default applied. */
export interface CliInvocation {
  readonly positionals: readonly string[];
  /** `send bot …` and `verify bot` talk to an AI bot (JSON, receiveid ""); everything else to an app (XML). */
  readonly family: 'xml' | 'bot';
  readonly help: boolean;
  readonly url: string;
  readonly credentials: {
    readonly corpId: string;
    readonly token: string;
    readonly encodingAESKey: string;
    readonly agentId: string;
    readonly receiveId?: string;
  };
  /** Where each credential came from, for the first line of output: flag, env var or demo. */
  readonly sources: Readonly<Record<'corpId' | 'token' | 'encodingAESKey' | 'agentId', string>>;
  readonly fromUser?: string;
  readonly fields: Record<string, unknown>;
  readonly repeat: number;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly verbose: boolean;
  /** AI bot: follow a streamed answer with refresh polls until it finishes (off with --no-follow). */
  readonly follow: boolean;
  readonly pollIntervalMs: number;
}

const OPTIONS = {
  url: { type: 'string' },
  'corp-id': { type: 'string' },
  token: { type: 'string' },
  'aes-key': { type: 'string' },
  'agent-id': { type: 'string' },
  'receive-id': { type: 'string' },
  from: { type: 'string' },
  field: { type: 'string', multiple: true },
  repeat: { type: 'string' },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  'no-follow': { type: 'boolean' },
  'poll-interval': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The same variables the sample reads (sample/demo-settings.ts). */
const ENV = { corpId: 'WECOM_CORP_ID', token: 'WECOM_TOKEN', encodingAESKey: 'WECOM_AES_KEY', agentId: 'WECOM_AGENT_ID' } as const;
/** An AI bot has a token and key of its own (智能机器人 › API 模式), and no CorpID or AgentID. */
const BOT_ENV = { ...ENV, token: 'WECOM_BOT_TOKEN', encodingAESKey: 'WECOM_BOT_AES_KEY' } as const;

export function parseInvocation(argv: readonly string[], env: NodeJS.ProcessEnv): CliInvocation {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // node:util's own message names the flag ("Unknown option '--tokn'").
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const family = (positionals[0] === 'send' || positionals[0] === 'verify') && positionals[1] === 'bot' ? 'bot' : 'xml';
  const names = family === 'bot' ? BOT_ENV : ENV;

  const pick = (key: keyof typeof ENV, flag: string | undefined, flagName: string): [string, string] => {
    if (flag !== undefined && flag !== '') return [flag, `--${flagName}`];
    const fromEnv = env[names[key]];
    if (fromEnv) return [fromEnv, names[key]];
    return [DEMO_CREDENTIALS[key], 'demo'];
  };
  const [corpId, corpIdSource] = pick('corpId', values['corp-id'], 'corp-id');
  const [token, tokenSource] = pick('token', values.token, 'token');
  const [encodingAESKey, keySource] = pick('encodingAESKey', values['aes-key'], 'aes-key');
  const [agentId, agentIdSource] = pick('agentId', values['agent-id'], 'agent-id');

  const repeat = wholeNumber(values.repeat, '--repeat', 1);
  const concurrency = wholeNumber(values.concurrency, '--concurrency', 1);
  if (values.concurrency !== undefined && values.repeat === undefined) {
    throw new CliUsageError('--concurrency only makes sense with --repeat (e.g. --repeat 10 --concurrency 5).');
  }
  if (family === 'bot') {
    const misplaced = (['corp-id', 'agent-id', 'receive-id'] as const).filter((flag) => values[flag] !== undefined);
    if (misplaced.length > 0) {
      throw new CliUsageError(`--${misplaced[0]} does not apply to an AI bot: a bot has no CorpID or AgentID, and its receiveid is always "" (PROTOCOL.md §5.1).`);
    }
  }
  if (family === 'xml' && (values['no-follow'] || values['poll-interval'] !== undefined)) {
    throw new CliUsageError('--no-follow and --poll-interval are for streamed AI bot answers: send bot text "…".');
  }
  return {
    positionals,
    family,
    help: values.help === true,
    url: values.url ?? (family === 'bot' ? DEFAULT_BOT_URL : DEFAULT_CALLBACK_URL),
    credentials: { corpId, token, encodingAESKey, agentId, receiveId: values['receive-id'] },
    sources: { corpId: corpIdSource, token: tokenSource, encodingAESKey: keySource, agentId: agentIdSource },
    fromUser: values.from,
    fields: parseFieldFlags(values.field ?? []),
    repeat,
    concurrency,
    timeoutMs: wholeNumber(values.timeout, '--timeout', 10_000),
    verbose: values.verbose === true,
    follow: values['no-follow'] !== true,
    pollIntervalMs: wholeNumber(values['poll-interval'], '--poll-interval', 300),
  };
}

function wholeNumber(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new CliUsageError(`${flag} must be a whole number ≥ 1 (got "${value}").`);
  return Number(value);
}
