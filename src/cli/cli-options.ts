import { parseArgs } from 'node:util';
import { CliUsageError } from '../errors/cli-usage.error.js';
import { DEFAULT_CALLBACK_URL, DEMO_CREDENTIALS } from './demo-credentials.js';
import { parseFieldFlags } from './field-flags.js';

/** The command line, parsed and with every default applied. */
export interface CliInvocation {
  readonly positionals: readonly string[];
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
  help: { type: 'boolean', short: 'h' },
} as const;

/** The same variables the sample reads (sample/demo-settings.ts). */
const ENV = { corpId: 'WECOM_CORP_ID', token: 'WECOM_TOKEN', encodingAESKey: 'WECOM_AES_KEY', agentId: 'WECOM_AGENT_ID' } as const;

export function parseInvocation(argv: readonly string[], env: NodeJS.ProcessEnv): CliInvocation {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // node:util's own message names the flag ("Unknown option '--tokn'").
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;

  const pick = (key: keyof typeof ENV, flag: string | undefined, flagName: string): [string, string] => {
    if (flag !== undefined && flag !== '') return [flag, `--${flagName}`];
    const fromEnv = env[ENV[key]];
    if (fromEnv) return [fromEnv, ENV[key]];
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
  return {
    positionals,
    help: values.help === true,
    url: values.url ?? DEFAULT_CALLBACK_URL,
    credentials: { corpId, token, encodingAESKey, agentId, receiveId: values['receive-id'] },
    sources: { corpId: corpIdSource, token: tokenSource, encodingAESKey: keySource, agentId: agentIdSource },
    fromUser: values.from,
    fields: parseFieldFlags(values.field ?? []),
    repeat,
    concurrency,
    timeoutMs: wholeNumber(values.timeout, '--timeout', 10_000),
    verbose: values.verbose === true,
  };
}

function wholeNumber(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new CliUsageError(`${flag} must be a whole number ≥ 1 (got "${value}").`);
  return Number(value);
}
