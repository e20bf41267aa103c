import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Injectable, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SampleAppModule } from '../../sample/app.module.js';
import { runCli } from '../../src/cli/run-cli.js';
import { OnWeComEvent, OnWeComMessage, type ChangeContactCreateParty, type ClickEvent, type TextMessage } from '../../src/index.js';
import { compileForTests } from '../support/compile-for-tests.js';
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

/** The environment a user's shell would give, without any WECOM_* variable of this machine's. */
const cleanEnv = (env: Record<string, string>) => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('WECOM_'))),
  ...env,
});

let compiled: Awaited<ReturnType<typeof compileForTests>>;
beforeAll(async () => {
  compiled = await compileForTests();
});

/**
 * The CLI as a user runs it: `node` on the compiled cli/main.js, a process of its own. Each start
 * costs a few hundred milliseconds, so only the cases about the process itself (exit codes, streams,
 * the entry point) run this way; the rest call `runCli` in this process (below).
 */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [compiled.cliMain, ...args], { env: cleanEnv(env), timeout: 30_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

/** The whole CLI as a function (run-cli.ts, which main.ts calls): the same output, without a process start. */
async function cliInProcess(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, cleanEnv(env), { out: (line) => out.push(`${line}\n`), err: (line) => err.push(`${line}\n`) });
  return { code, stdout: out.join(''), stderr: err.join('') };
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
  let botUrl: string;
  let recorder: Recorder;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [RecordedSampleModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    url = `${base}/wecom/callback`;
    botUrl = `${base}/wecom/bot`;
    recorder = app.get(Recorder);
  });
  afterAll(() => app.close());

  it('verify (a process of its own): performs the URL check and reports it passed, exit 0', async () => {
    const run = await cli(['verify', '--url', url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Using the sample's demo settings");
    // formatMs writes 1 s and more as `1.1 s`, as on the --repeat line below: a loaded machine reaches that.
    expect(run.stdout).toMatch(/✓ URL verified in (\d+ ms|\d+\.\d s): the app answered the decrypted echostr "\d+" exactly/);
  });

  it('send text: shows the decrypted, verified reply field by field', async () => {
    const run = await cliInProcess(['send', 'text', 'hi there', '--url', url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/POST \S+ {2}text, from zhangsan, MsgId \d{19}/);
    expect(run.stdout).toContain('encrypted passive reply, signature and receiveid verified');
    expect(run.stdout).toMatch(/Content\s+echo: hi there/);
    expect(run.stdout).toMatch(/ToUserName\s+zhangsan/);
  });

  it('send event enter_agent: the welcome reply', async () => {
    const run = await cliInProcess(['send', 'event', 'enter_agent', '--from', 'lisi', '--url', url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Content\s+Welcome, lisi!/);
  });

  it('send event click --field EventKey=…: the handler gets the key; the app says one handler matched', async () => {
    const run = await cliInProcess(['send', 'event', 'click', '--field', 'EventKey=menu_cli_1', '--url', url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('empty body: no passive reply (one handler matched and none returned a reply).');
    expect(recorder.clicks.map((click) => click.EventKey)).toContain('menu_cli_1');
  });

  it('send event change_contact create_party: a contact change with its fields, empty 200', async () => {
    const run = await cliInProcess(['send', 'event', 'change_contact', 'create_party', '--field', 'Id=42', '--field', 'Name=研发部', '--verbose', '--url', url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('event change_contact create_party, from sys');
    expect(run.stdout).toContain('<Name><![CDATA[研发部]]></Name>');
    const party = recorder.parties.find((p) => p.Id === '42');
    expect(party).toMatchObject({ Name: '研发部', ParentId: '1', FromUserName: 'sys', ToUserName: 'wx5823bf96d3bd56c7' });
    expect(party).not.toHaveProperty('AgentID'); // change_contact carries none (PROTOCOL.md §4.3)
  });

  it('an event no handler listens for: the app says no handler matched, and the CLI says what to check', async () => {
    const run = await cliInProcess(['send', 'event', 'subscribe', '--url', url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('empty body: no passive reply (no handler matched this callback).');
    expect(run.stdout).toContain("No @OnWeCom… handler of the app listens for this callback: check the decorator's type, event and ChangeType");
    const contact = await cliInProcess(['send', 'event', 'change_contact', 'delete_party', '--url', url]);
    expect(contact.stdout).toContain('no passive reply (one handler matched and none returned a reply)'); // the sample's change_contact listener
  });

  it("the demo AgentID is named when the app's own credentials come from the environment without WECOM_AGENT_ID", async () => {
    const own = { WECOM_CORP_ID: 'wx5823bf96d3bd56c7', WECOM_TOKEN: 'QDG6eK', WECOM_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' };
    const run = await cliInProcess(['send', 'text', 'agent?', '--url', url], own);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('CorpID wx5823bf96d3bd56c7 (from WECOM_CORP_ID); token from WECOM_TOKEN, EncodingAESKey from WECOM_AES_KEY, AgentID 1000002 (from the demo settings).');
    expect(run.stdout).toContain("AgentID 1000002 is the demo's: neither --agent-id nor WECOM_AGENT_ID is set.");
    expect(recorder.texts.find((text) => text.Content === 'agent?')?.AgentID).toBe('1000002');
    const withAgent = await cliInProcess(['send', 'text', 'agent!', '--url', url], { ...own, WECOM_AGENT_ID: '1000005' });
    expect(withAgent.stdout).toContain('AgentID 1000005 (from WECOM_AGENT_ID)');
    expect(withAgent.stdout).not.toContain("is the demo's");
    expect(recorder.texts.find((text) => text.Content === 'agent!')?.AgentID).toBe('1000005');
    // change_contact carries no AgentID (PROTOCOL.md §4.3), so there is nothing to say.
    const contact = await cliInProcess(['send', 'event', 'change_contact', 'delete_user', '--url', url], own);
    expect(contact.stdout).not.toContain("is the demo's");
  });

  it('--repeat 6 --concurrency 3 replays the identical request and summarises the answers', async () => {
    const run = await cliInProcess(['send', 'text', 'replayed', '--repeat', '6', '--concurrency', '3', '--url', url]);
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

  it('a wrong token (a process of its own): -40001 explained in words on stderr, exit 1', async () => {
    const run = await cli(['send', 'text', 'hi', '--token', 'wrongToken', '--url', url]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('token from --token');
    expect(run.stderr).toContain("✗ HTTP 401 errcode -40001: signature mismatch: the token differs between the app and WeCom's console");
  });

  it('credentials from the environment, like the sample: WECOM_TOKEN', async () => {
    const run = await cliInProcess(['verify', '--url', url], { WECOM_TOKEN: 'envToken' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('token from WECOM_TOKEN');
    expect(run.stderr).toContain('errcode -40001');
  });

  it('a wrong EncodingAESKey: the decryption failure explained', async () => {
    const run = await cliInProcess(['send', 'text', 'hi', '--aes-key', 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', '--url', url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/✗ HTTP 400 errcode -4000[78]: .*EncodingAESKey/);
  });

  it('a wrong CorpID: the receiveid mismatch explained', async () => {
    const run = await cliInProcess(['send', 'text', 'hi', '--corp-id', 'wwsomeoneelse', '--url', url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('✗ HTTP 403 errcode -40005: receiveid mismatch');
  });

  it('--receive-id: an instruction callback encrypted for a SuiteID the app does not expect is refused with -40005', async () => {
    const run = await cliInProcess(['send', 'info', 'suite_ticket', '--receive-id', 'wwsuite0001', '--verbose', '--url', url]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('<SuiteId><![CDATA[wwsuite0001]]></SuiteId>');
    expect(run.stderr).toContain('errcode -40005: receiveid mismatch');
  });

  it('a wrong path: 404 explained', async () => {
    const run = await cliInProcess(['send', 'text', 'hi', '--url', url.replace('/wecom/callback', '/wecom/callbak')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('✗ HTTP 404: nothing handles this path');
  });

  it('a refused connection: says nothing listens and how to start the sample', async () => {
    const run = await cliInProcess(['send', 'text', 'hi', '--url', `http://127.0.0.1:${await closedPort()}/wecom/callback`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/✗ connection refused at 127\.0\.0\.1:\d+: nothing is listening there\. Start your app \(for the sample: npm run sample\)/);
  });

  it('a malformed URL: named before anything is sent', async () => {
    const run = await cliInProcess(['verify', '--url', 'http//localhost:3000']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"http//localhost:3000" is not a valid URL');
  });

  it('a misspelt event or a wrong flag: exit 2 with a hint, nothing sent', async () => {
    const misspelt = await cli(['send', 'event', 'clik', '--url', url]);
    expect(misspelt.code).toBe(2);
    expect(misspelt.stdout).toBe('');
    expect(misspelt.stderr).toContain('Did you mean "click"?');
    const missingChangeType = await cliInProcess(['send', 'event', 'change_contact', '--url', url]);
    expect(missingChangeType.stderr).toContain('change_contact needs a ChangeType; one of: create_user, update_user');
    const flag = await cliInProcess(['send', 'text', '--tokn', 'x']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--tokn'");
  });

  it('send raw: a plaintext file of your own', async () => {
    const file = join(process.cwd(), 'test', 'cli', 'raw-callback.xml');
    const run = await cliInProcess(['send', 'raw', file, '--url', url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('text, from wangwu, MsgId 4561255354251345929');
    expect(run.stdout).toMatch(/Content\s+echo: from a file/);
  });

  it('templates: lists every family of PROTOCOL.md §4', async () => {
    const run = await cli(['templates']);
    expect(run.code).toBe(0);
    for (const line of ['  text', '  change_contact create_party', '  LOCATION', '  suite_ticket', '  change_external_chat update', '  enter_chat', '  template_card_event']) {
      expect(run.stdout).toContain(`${line}\n`);
    }
    expect(run.stdout).toContain('AI bot messages (send bot <msgtype>; JSON, default URL http://localhost:3000/wecom/bot), docs/PROTOCOL.md §5.1:\n  text [content]\n');
    // The cited sections are findable: the heading names the file, the footer says where it is installed.
    expect(run.stdout).toContain('Messages (send <type>), docs/PROTOCOL.md §4.1:');
    expect(run.stdout).toContain('node_modules/nestjs-wecom/docs/PROTOCOL.md');
  });

  it('send bot text: the first frame of the streamed answer, then the refresh polls until finish', async () => {
    const run = await cliInProcess(['send', 'bot', 'text', 'hi bot', '--poll-interval', '40', '--url', botUrl]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Using the sample's demo settings for the AI bot");
    expect(run.stdout).toMatch(/POST \S+\/wecom\/bot {2}bot text, from zhangsan, msgid \S+=/);
    expect(run.stdout).toContain('encrypted JSON reply, signature and receiveid "" verified. Decrypted:');
    expect(run.stdout).toMatch(/stream\.finish\s+false/);
    expect(run.stdout).toContain('Following the stream as WeCom does: a refresh poll every 40 ms until finish');
    expect(run.stdout).toContain('✓ finish "You said: hi bot\\n\\nThis answer arrives in pieces."');
    expect(run.stdout).toMatch(/✓ finished after \d+ poll\(s\) in /);
  });

  it('send bot text --no-follow: stops at the first frame and says how to poll', async () => {
    const run = await cliInProcess(['send', 'bot', 'text', '--no-follow', '--url', botUrl]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/The stream is not finished; WeCom would now poll it: nestjs-wecom send bot stream [0-9a-f]{32}/);
    expect(run.stdout).not.toContain('Following the stream');
  });

  it('send bot event enter_chat / template_card_event, verify bot: the welcome, a click with no reply, the bot URL check', async () => {
    const welcome = await cliInProcess(['send', 'bot', 'event', 'enter_chat', '--url', botUrl]);
    expect(welcome.code).toBe(0);
    expect(welcome.stdout).toMatch(/text\.content\s+你好! Ask me anything\./);
    const click = await cliInProcess(['send', 'bot', 'event', 'template_card_event', '--field', 'event.template_card_event.event_key=approve', '--url', botUrl]);
    expect(click.stdout).toContain('no passive reply (one handler matched and none returned a reply)');
    const feedback = await cliInProcess(['send', 'bot', 'event', 'feedback_event', '--url', botUrl]);
    expect(feedback.stdout).toContain('no passive reply (no handler matched this callback)');
    const verify = await cliInProcess(['verify', 'bot', '--url', botUrl]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/✓ URL verified in [\d.]+ m?s/);
  });

  it('bot mistakes: an XML command at the bot URL is refused, a misspelt msgtype and app-only flags are usage errors', async () => {
    const xmlAtBot = await cliInProcess(['send', 'text', 'hi', '--url', botUrl]);
    expect(xmlAtBot.code).toBe(1);
    expect(xmlAtBot.stderr).toContain('✗ HTTP 400 errcode -40002');
    const misspelt = await cliInProcess(['send', 'bot', 'txt', '--url', botUrl]);
    expect(misspelt.code).toBe(2);
    expect(misspelt.stderr).toContain('no bot msgtype "txt" in the AI bot catalog (docs/PROTOCOL.md §5.1). Known: text, image, mixed, voice, file, video, stream.');
    const corp = await cliInProcess(['send', 'bot', 'text', '--corp-id', 'wwx']);
    expect(corp.code).toBe(2);
    expect(corp.stderr).toContain('--corp-id does not apply to an AI bot');
    const follow = await cliInProcess(['send', 'text', '--no-follow']);
    expect(follow.stderr).toContain('--no-follow and --poll-interval are for streamed AI bot answers');
  });
});

describe.concurrent('nestjs-wecom CLI against endpoints that get the protocol wrong', () => {
  it('a reply that fails verification is reported, exit 1', async () => {
    const endpoint = await startMisbehavingEndpoint('forged-reply');
    try {
      const run = await cliInProcess(['send', 'text', 'hi', '--url', endpoint.url]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('✗ the reply failed verification: MsgSignature does not match TimeStamp, Nonce and Encrypt under this token');
    } finally {
      await endpoint.close();
    }
  });

  it('an echo answered with quotes fails the URL check, with the reason', async () => {
    const endpoint = await startMisbehavingEndpoint('quoted-echo');
    try {
      const run = await cliInProcess(['verify', '--url', endpoint.url]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/✗ 200, but the body is "\\"\d+\\"" instead of exactly "\d+"\. WeCom rejects anything else: no quotes/);
    } finally {
      await endpoint.close();
    }
  });

  it('an app that does not answer in time: the 5-second rule is named', async () => {
    const endpoint = await startMisbehavingEndpoint('silent');
    try {
      const run = await cliInProcess(['send', 'text', 'hi', '--timeout', '300', '--url', endpoint.url]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('no answer from 127.0.0.1');
      expect(run.stderr).toContain('within 300 ms. WeCom itself gives up after 5 seconds and retries (the 5-second rule)');
    } finally {
      await endpoint.close();
    }
  });
});
