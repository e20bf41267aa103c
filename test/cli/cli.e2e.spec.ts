import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Injectable, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SampleAppModule } from '../../sample/app.module.js';
import { OnWeComEvent, OnWeComMessage, type ChangeContactCreateParty, type ClickEvent, type TextMessage } from '../../src/index.js';
import { compileCliForTests } from '../support/compile-cli.js';
import { startMisbehavingEndpoint } from '../support/misbehaving-endpoint.js';

/** Records what the sample's callbacks carried, beside the sample's own handlers. */
@Injectable()
class Recorder {
  parties: ChangeContactCreateParty[] = [];
  clicks: ClickEvent[] = [];
  texts: TextMessage[] = [];

  @OnWeComEvent('change_contact', 'create_party')
  party(event: ChangeContactCreateParty): void {
    this.parties.push(event);
  }

  @OnWeComEvent('click')
  click(event: ClickEvent): void {
    this.clicks.push(event);
  }

  @OnWeComMessage('text')
  text(message: TextMessage): void {
    this.texts.push(message);
  }
}

@Module({ imports: [SampleAppModule], providers: [Recorder] })
class RecordedSampleModule {}

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

let compiled: ReturnType<typeof compileCliForTests>;
beforeAll(() => {
  compiled = compileCliForTests();
});
afterAll(() => compiled.remove());

/** The CLI as a user runs it: a separate process, with the environment stripped of WECOM_* variables. */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('WECOM_')));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [compiled.main, ...args],
      { env: { ...cleanEnv, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

/** A port nothing listens on: bound, read, released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.concurrent('nestjs-wecom CLI against the running sample app', () => {
  let app: INestApplication;
  let url: string;
  let recorder: Recorder;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [RecordedSampleModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/wecom/callback`;
    recorder = app.get(Recorder);
  });
  afterAll(() => app.close());

  it('verify: performs the URL check and reports it passed', async () => {
    const run = await cli(['verify', '--url', url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Using the sample's demo settings");
    // formatMs writes 1 s and more as `1.1 s`, as on the --repeat line below: a loaded machine reaches that.
    expect(run.stdout).toMatch(/✓ URL verified in (\d+ ms|\d+\.\d s): the app answered the decrypted echostr "\d+" exactly/);
  });

  it('send text: shows the decrypted, verified reply field by field', async () => {
    const run = await cli(['send', 'text', 'hi there', '--url', url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/POST \S+ {2}text, from zhangsan, MsgId \d{19}/);
    expect(run.stdout).toContain('encrypted passive reply, signature and receiveid verified');
    expect(run.stdout).toMatch(/Content\s+echo: hi there/);
    expect(run.stdout).toMatch(/ToUserName\s+zhangsan/);
  });

  it('send event enter_agent: the welcome reply', async () => {
    const run = await cli(['send', 'event', 'enter_agent', '--from', 'lisi', '--url', url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Content\s+Welcome, lisi!/);
  });

  it('send event click --field EventKey=…: the handler gets the key', async () => {
    const run = await cli(['send', 'event', 'click', '--field', 'EventKey=menu_cli_1', '--url', url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('no passive reply');
    expect(recorder.clicks.map((click) => click.EventKey)).toContain('menu_cli_1');
  });

  it('send event change_contact create_party: a contact change with its fields, empty 200', async () => {
    const run = await cli(['send', 'event', 'change_contact', 'create_party', '--field', 'Id=42', '--field', 'Name=研发部', '--verbose', '--url', url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('event change_contact create_party, from sys');
    expect(run.stdout).toContain('<Name><![CDATA[研发部]]></Name>');
    const party = recorder.parties.find((p) => p.Id === '42');
    expect(party).toMatchObject({ Name: '研发部', ParentId: '1', FromUserName: 'sys', ToUserName: 'wx5823bf96d3bd56c7' });
    expect(party).not.toHaveProperty('AgentID'); // change_contact carries none (PROTOCOL.md §4.3)
  });

  it('--repeat 6 --concurrency 3 replays the identical request and summarises the answers', async () => {
    const run = await cli(['send', 'text', 'replayed', '--repeat', '6', '--concurrency', '3', '--url', url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Replaying the same request 6 times, 3 at a time');
    const counts = [...run.stdout.matchAll(/^\s+(\d+) × 200/gm)].map((match) => Number(match[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(6);
    // formatMs writes 1 s and more as `1.0 s`: a loaded machine reaches that.
    expect(run.stdout).toMatch(/latency: min (\d+ ms|\d+\.\d s), median (\d+ ms|\d+\.\d s), max (\d+ ms|\d+\.\d s)/);
    const replayed = recorder.texts.filter((text) => text.Content === 'replayed');
    expect(replayed.length).toBeGreaterThanOrEqual(1);
    expect(new Set(replayed.map((text) => text.MsgId)).size).toBe(1); // one message, delivered again and again
  });

  it('a wrong token: -40001 explained in words, exit 1', async () => {
    const run = await cli(['send', 'text', 'hi', '--token', 'wrongToken', '--url', url]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('token from --token');
    expect(run.stderr).toContain("✗ HTTP 401 errcode -40001: signature mismatch: the token differs between the app and WeCom's console");
  });

  it('credentials from the environment, like the sample: WECOM_TOKEN', async () => {
    const run = await cli(['verify', '--url', url], { WECOM_TOKEN: 'envToken' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('token from WECOM_TOKEN');
    expect(run.stderr).toContain('errcode -40001');
  });

  it('a wrong EncodingAESKey: the decryption failure explained', async () => {
    const run = await cli(['send', 'text', 'hi', '--aes-key', 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', '--url', url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/✗ HTTP 400 errcode -4000[78]: .*EncodingAESKey/);
  });

  it('a wrong CorpID: the receiveid mismatch explained', async () => {
    const run = await cli(['send', 'text', 'hi', '--corp-id', 'wwsomeoneelse', '--url', url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('✗ HTTP 403 errcode -40005: receiveid mismatch');
  });

  it('--receive-id: an instruction callback encrypted for a SuiteID the app does not expect is refused with -40005', async () => {
    const run = await cli(['send', 'info', 'suite_ticket', '--receive-id', 'wwsuite0001', '--verbose', '--url', url]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('<SuiteId><![CDATA[wwsuite0001]]></SuiteId>');
    expect(run.stderr).toContain('errcode -40005: receiveid mismatch');
  });

  it('a wrong path: 404 explained', async () => {
    const run = await cli(['send', 'text', 'hi', '--url', url.replace('/wecom/callback', '/wecom/callbak')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('✗ HTTP 404: nothing handles this path');
  });

  it('a refused connection: says nothing listens and how to start the sample', async () => {
    const run = await cli(['send', 'text', 'hi', '--url', `http://127.0.0.1:${await closedPort()}/wecom/callback`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/✗ connection refused at 127\.0\.0\.1:\d+: nothing is listening there\. Start your app \(for the sample: npm run sample\)/);
  });

  it('a malformed URL: named before anything is sent', async () => {
    const run = await cli(['verify', '--url', 'http//localhost:3000']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"http//localhost:3000" is not a valid URL');
  });

  it('a misspelt event or a wrong flag: exit 2 with a hint, nothing sent', async () => {
    const misspelt = await cli(['send', 'event', 'clik', '--url', url]);
    expect(misspelt.code).toBe(2);
    expect(misspelt.stdout).toBe('');
    expect(misspelt.stderr).toContain('Did you mean "click"?');
    const missingChangeType = await cli(['send', 'event', 'change_contact', '--url', url]);
    expect(missingChangeType.stderr).toContain('change_contact needs a ChangeType; one of: create_user, update_user');
    const flag = await cli(['send', 'text', '--tokn', 'x']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--tokn'");
  });

  it('send raw: a plaintext file of your own', async () => {
    const file = join(process.cwd(), 'test', 'cli', 'raw-callback.xml');
    const run = await cli(['send', 'raw', file, '--url', url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('text, from wangwu, MsgId 4561255354251345929');
    expect(run.stdout).toMatch(/Content\s+echo: from a file/);
  });

  it('templates: lists every family of PROTOCOL.md §4', async () => {
    const run = await cli(['templates']);
    expect(run.code).toBe(0);
    for (const line of ['  text', '  change_contact create_party', '  LOCATION', '  suite_ticket', '  change_external_chat update']) {
      expect(run.stdout).toContain(`${line}\n`);
    }
    // The cited sections are findable: the heading names the file, the footer says where it is installed.
    expect(run.stdout).toContain('Messages (send <type>), docs/PROTOCOL.md §4.1:');
    expect(run.stdout).toContain('node_modules/nestjs-wecom/docs/PROTOCOL.md');
  });
});

describe.concurrent('nestjs-wecom CLI against endpoints that get the protocol wrong', () => {
  it('a reply that fails verification is reported, exit 1', async () => {
    const endpoint = await startMisbehavingEndpoint('forged-reply');
    try {
      const run = await cli(['send', 'text', 'hi', '--url', endpoint.url]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('✗ the reply failed verification: MsgSignature does not match TimeStamp, Nonce and Encrypt under this token');
    } finally {
      await endpoint.close();
    }
  });

  it('an echo answered with quotes fails the URL check, with the reason', async () => {
    const endpoint = await startMisbehavingEndpoint('quoted-echo');
    try {
      const run = await cli(['verify', '--url', endpoint.url]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/✗ 200, but the body is "\\"\d+\\"" instead of exactly "\d+"\. WeCom rejects anything else: no quotes/);
    } finally {
      await endpoint.close();
    }
  });

  it('an app that does not answer in time: the 5-second rule is named', async () => {
    const endpoint = await startMisbehavingEndpoint('silent');
    try {
      const run = await cli(['send', 'text', 'hi', '--timeout', '300', '--url', endpoint.url]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('no answer from 127.0.0.1');
      expect(run.stderr).toContain('within 300 ms. WeCom itself gives up after 5 seconds and retries (the 5-second rule)');
    } finally {
      await endpoint.close();
    }
  });
});
