import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { Test } from '@nestjs/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { deriveAesKey, WeComConfigError, WeComModule, WeComProtocolError, type WeComModuleOptions } from '../../src/index.js';
import { resolveConfiguration } from '../../src/config/resolve-configuration.js';
import { OFFICIAL } from '../support/official-keys.js';

/** The error `resolveConfiguration` throws for `options` (what compile() and NestFactory.create get). */
function problemsOf(options: unknown): WeComConfigError {
  try {
    resolveConfiguration(options as WeComModuleOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(WeComConfigError);
    return error as WeComConfigError;
  }
  throw new Error('the options were accepted');
}

const ADMIN_PAGE = 'Copy it from the WeCom admin console: 应用管理 › (your app) › 接收消息 › 设置API接收.';

describe('configuration errors: every problem at once, each naming app, option and where to fix it', () => {
  it('lists a missing corpId, token and key of one app as three numbered problems', () => {
    const error = problemsOf({ corpId: '', token: '', encodingAESKey: undefined });
    expect(error.message).toBe(
      [
        'WeComModule: 3 problems in the options:',
        `  1. app "default": option "token" is required. ${ADMIN_PAGE}`,
        `  2. app "default": option "encodingAESKey" is required. ${ADMIN_PAGE}`,
        '  3. app "default": option "corpId" is required: the CorpID (企业ID) from the WeCom admin console: 我的企业 › 企业信息.',
      ].join('\n'),
    );
    expect(error.problems).toHaveLength(3);
  });

  it('lists the problems of every app and of the module-wide options together', () => {
    const error = problemsOf({
      apps: [
        { name: 'hr', path: '/hr', corpId: OFFICIAL.corpId, token: 'bad token', encodingAESKey: OFFICIAL.encodingAESKey },
        { kind: 'suite', name: 'suite', path: '', token: OFFICIAL.token, encodingAESKey: OFFICIAL.encodingAESKey },
        { kind: 'bot', name: 'bot', path: '/bot', token: OFFICIAL.token, encodingAESKey: 'short' },
      ],
      bodyLimit: 10,
      ackTimeoutMs: -1,
    });
    expect(error.problems).toEqual([
      'option "bodyLimit" must be a whole number of bytes ≥ 1024 (got 10).',
      `app "hr": option "token" must be letters and digits only: character 4 of 9 is " " (U+0020). ${ADMIN_PAGE}`,
      'app "suite": option "path" is required, e.g. "/wecom/callback". It is the path of the 指令回调 / 模板回调 URL in the service provider console: 应用管理 › (your suite or 代开发 template) › 回调配置.',
      'app "suite": option "suiteId" is required: the SuiteID of the suite (or of the 代开发 template), shown in the service provider console: 应用管理 › (your suite or template).',
      "app \"bot\": option \"encodingAESKey\" must be exactly 43 characters (got 5). Copy it from the AI bot's settings: 智能机器人 › API 模式 › 接收消息.",
      'option "ackTimeoutMs" must be a whole number of milliseconds > 0, or false (got -1). WeCom waits 5000 ms; 4000 leaves room for the network.',
    ]);
    expect(error.message.startsWith('WeComModule: 6 problems in the options:\n  1. option "bodyLimit"')).toBe(true);
  });

  it('says which character of the EncodingAESKey is wrong, escaped, without quoting the rest of the key', () => {
    const key = `${OFFICIAL.encodingAESKey.slice(0, 18)}-${OFFICIAL.encodingAESKey.slice(19)}`;
    const { message } = problemsOf({ ...OFFICIAL, encodingAESKey: key });
    expect(message).toBe(`WeComModule: app "default": option "encodingAESKey" must be letters and digits only: character 19 of 43 is "-" (U+002D). ${ADMIN_PAGE}`);
    expect(message).not.toContain(OFFICIAL.encodingAESKey.slice(0, 8));
    // A control character or a full-width one shows escaped, with its code point.
    expect(problemsOf({ ...OFFICIAL, encodingAESKey: `${key.slice(0, 18)}\u0007${key.slice(19)}` }).message).toContain('character 19 of 43 is "\\u0007" (U+0007).');
    expect(problemsOf({ ...OFFICIAL, encodingAESKey: `${key.slice(0, 18)}＋${key.slice(19)}` }).message).toContain('character 19 of 43 is "＋" (U+FF0B).');
  });

  it('words the same problem as a whole sentence in deriveAesKey, the public helper', () => {
    const key = `${OFFICIAL.encodingAESKey.slice(0, 18)}-${OFFICIAL.encodingAESKey.slice(19)}`;
    expect(() => deriveAesKey(key)).toThrow(WeComProtocolError);
    expect(() => deriveAesKey(key)).toThrow(/^EncodingAESKey may only contain letters and digits: character 19 of 43 is "-" \(U\+002D\)$/);
  });

  it('recognises a key pasted with a line break', () => {
    expect(problemsOf({ ...OFFICIAL, encodingAESKey: `${OFFICIAL.encodingAESKey}\n` }).message).toBe(
      `WeComModule: app "default": option "encodingAESKey" must be exactly 43 characters (it has whitespace around it: 44 characters, 43 without). ${ADMIN_PAGE}`,
    );
  });

  it('fails Test.createTestingModule(...).compile() with the same error, before anything is mounted', async () => {
    const compile = Test.createTestingModule({ imports: [WeComModule.forRoot({ corpId: '', token: '', encodingAESKey: '' })] }).compile();
    await expect(compile).rejects.toBeInstanceOf(WeComConfigError);
    await expect(compile).rejects.toThrow(/^WeComModule: 3 problems in the options:\n  1\. app "default": option "token" is required/);
  });

  /** Runs test/fixtures/boot/bad-options.main.ts as `node main.ts` would; both runs start at once (each takes seconds to compile). */
  const bootBadOptions = (...args: string[]) =>
    new Promise<{ status: number | null; printed: string; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', '@swc-node/register/esm-register', 'test/fixtures/boot/bad-options.main.ts', ...args],
        { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
        (error, stdout, stderr) => resolve({ status: error ? ((error as { code?: number }).code ?? null) : 0, printed: stdout + stderr, stdout }),
      );
    });
  let aborting: Promise<{ status: number | null; printed: string; stdout: string }>;
  let rejecting: Promise<{ status: number | null; printed: string; stdout: string }>;
  beforeAll(() => {
    aborting = bootBadOptions();
    rejecting = bootBadOptions('no-abort');
  });

  it('makes NestFactory.create print the whole list and exit with 1, as Nest does for any provider that cannot be built', async () => {
    const { status, printed } = await aborting;
    expect(status).toBe(1);
    expect(printed).not.toContain('LISTENING');
    expect(printed).toContain('ERROR [ExceptionHandler] ');
    expect(printed).toContain('WeComModule: 3 problems in the options:');
    expect(printed).toContain('  1. app "default": option "encodingAESKey" must be letters and digits only: character 42 of 43 is "-" (U+002D).');
    expect(printed).toContain('  2. app "default": option "corpId" is required');
    expect(printed).toContain('  3. option "ackTimeoutMs" must be a whole number of milliseconds > 0');
    // The message is the whole printout: no frames of the module or of Nest's injector, no second copy of the list.
    expect(printed).not.toMatch(/\n\s+at /);
    expect(printed.match(/option "corpId"/g)).toHaveLength(1);
    // The key itself is never printed.
    expect(printed).not.toContain('jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B');
  }, 90_000);

  it('makes NestFactory.create reject with the WeComConfigError under abortOnError: false', async () => {
    const { status, stdout } = await rejecting;
    expect(stdout).toContain('CAUGHT WeComConfigError 3');
    expect(status).toBe(3);
  }, 90_000);
});
