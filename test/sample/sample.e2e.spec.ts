import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SampleAppModule } from '../../sample/app.module.js';
import { DEMO_SETTINGS } from '../../sample/demo-settings.js';
import { listenHint, portInUseMessage, samplePort } from '../../sample/sample-port.js';
import { botEvent, botMessage, event, message, WeComBotTestClient, WeComTestClient, WeComTestClientError } from '../../src/testing/index.js';
import { compileForTests } from '../support/compile-for-tests.js';

/**
 * The sample app, tested the way the README tells users to test theirs: with nestjs-wecom/testing,
 * over real HTTP, with no knowledge of the module's internals.
 */
describe('the sample app, through nestjs-wecom/testing', () => {
  let app: INestApplication;
  let wecom: WeComTestClient;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [SampleAppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    wecom = WeComTestClient.forApp(app);
  });
  afterAll(() => app.close());

  it('passes URL verification with the echo answered bare', async () => {
    const result = await wecom.verifyUrl();
    expect(result).toMatchObject({ status: 200, verified: true });
    expect(result.body).toBe(result.echo);
  });

  it('echoes a text message in an encrypted, verified passive reply', async () => {
    const result = await wecom.send(message.text('hello'));
    expect(result.status).toBe(200);
    expect(result.reply?.msgType).toBe('text');
    expect(result.reply?.payload).toMatchObject({
      Content: 'echo: hello',
      ToUserName: 'zhangsan',
      FromUserName: DEMO_SETTINGS.corpId,
    });
  });

  it('greets a member who opens the app (enter_agent)', async () => {
    const result = await wecom.send(event.enterAgent());
    expect(result.reply?.payload.Content).toBe('Welcome, zhangsan!');
  });

  it('takes a contact change with an empty 200 (no passive reply)', async () => {
    const result = await wecom.send(event.changeContact.createParty({ Id: '2', Name: '研发部' }));
    expect(result).toMatchObject({ status: 200, body: '' });
    expect(result.reply).toBeUndefined();
    expect(result.sent).toContain('<ChangeType><![CDATA[create_party]]></ChangeType>');
    expect(result.sent).toContain('<Name><![CDATA[研发部]]></Name>');
  });

  it('is refused with -40001 when the sender uses another token, and no reply is sent', async () => {
    const impostor = WeComTestClient.forApp(app, { credentials: { ...DEMO_SETTINGS, token: 'wrongToken' } });
    const result = await impostor.send(message.text('hello'));
    expect(result).toMatchObject({ status: 401, errcode: -40001 });
    expect(result.reply).toBeUndefined();
  });

  it('rejects a reply that does not verify: a client with another AES key cannot open it', async () => {
    // Same token (so the app accepts the signature), different key: the app refuses to decrypt (-40007 or -40008).
    const otherKey = WeComTestClient.forApp(app, { credentials: { ...DEMO_SETTINGS, encodingAESKey: 'a'.repeat(43) } });
    const result = await otherKey.send(message.text('hello'));
    expect(result.status).toBe(400);
    expect([-40007, -40008]).toContain(result.errcode);
  });

  it('names the missing app when the client is built for an app that does not exist', () => {
    expect(() => WeComTestClient.forApp(app, { app: 'hr' })).toThrow(WeComTestClientError);
    expect(() => WeComTestClient.forApp(app, { app: 'hr' })).toThrow('has no app "hr"; it has "default", "bot"');
    expect(() => WeComTestClient.forApp(app, { app: 'bot' })).toThrow('app "bot" is an AI bot (JSON callbacks): use WeComBotTestClient.forApp(app, { app: \'bot\' }).');
  });

  it('the AI bot streams its answer; followStream polls it to the end as WeCom does', async () => {
    const bot = WeComBotTestClient.forApp(app);
    expect((await bot.verifyUrl()).verified).toBe(true);
    const first = await bot.send(botMessage.text('天气'));
    expect(first.reply?.stream).toMatchObject({ finish: false, content: 'You said: 天气\n\n' });
    const answer = await bot.followStream(first, { intervalMs: 20 });
    expect(answer).toMatchObject({ finished: true, content: 'You said: 天气\n\nThis answer arrives in pieces.' });
  });

  it('the AI bot welcomes with text, and takes a card click without a reply', async () => {
    const bot = WeComBotTestClient.forApp(app, { app: 'bot' });
    expect((await bot.send(botEvent.enterChat())).reply?.payload).toEqual({ msgtype: 'text', text: { content: '你好! Ask me anything.' } });
    expect(await bot.send(botEvent.templateCardEvent({ event_key: 'approve' }))).toMatchObject({ status: 200, body: '', matchedHandlers: 1 });
  });
});

/** Starts the compiled sample (`npm run sample` without the TypeScript loader) and collects its output. */
function startSample(env: Record<string, string>) {
  return compileForTests().then(({ sampleMain }) => {
    const child = spawn(process.execPath, [sampleMain], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, exited, output: () => ({ stdout, stderr }) };
  });
}

async function takenPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

describe.concurrent('npm run sample, as a process', () => {
  it('a taken port: one clear line naming the port and how to pick another, exit 1, no stack', async () => {
    const { server, port } = await takenPort();
    try {
      const sample = await startSample({ PORT: String(port) });
      expect(await sample.exited).toBe(1);
      const { stdout, stderr } = sample.output();
      expect(stderr).toBe(`${portInUseMessage(port)}\n`);
      expect(stderr).toBe(`✗ port ${port} is already in use (another "npm run sample" still running?). Stop it, or pick another port: PORT=${port + 1} npm run sample\n`);
      expect(stdout).toBe(''); // Nest did not even start
    } finally {
      server.close();
    }
  });

  it('a PORT that is not a port number is refused by name', async () => {
    const sample = await startSample({ PORT: 'abc' });
    expect(await sample.exited).toBe(1);
    expect(sample.output().stderr).toBe('✗ PORT must be a port number between 1 and 65535, got "abc".\n');
  });

  it('on another port, the hint line carries --url for that port', async () => {
    const { server, port } = await takenPort();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const sample = await startSample({ PORT: String(port), WECOM_TOKEN: '', WECOM_CORP_ID: '', WECOM_AES_KEY: '' });
    try {
      const hint = `Try it from another terminal: ${listenHint(port)}`;
      for (let i = 0; i < 300 && !sample.output().stdout.includes(hint) && sample.child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50));
      expect(sample.output().stdout).toContain(hint);
      expect(hint).toContain(`npm run wecom -- send text hello --url http://localhost:${port}/wecom/callback`);
      expect(hint).toContain(`npm run wecom -- send bot text hello --url http://localhost:${port}/wecom/bot`);
      const wecom = WeComTestClient.forUrl(`http://127.0.0.1:${port}/wecom/callback`, DEMO_SETTINGS);
      expect((await wecom.send(message.text('over the hint'))).reply?.payload.Content).toBe('echo: over the hint');
    } finally {
      sample.child.kill('SIGTERM');
      await sample.exited;
    }
  });

  it('reads PORT, and on 3000 the hint needs no --url', () => {
    expect(samplePort(undefined)).toBe(3000);
    expect(samplePort('8080')).toBe(8080);
    expect(samplePort('0')).toBeUndefined();
    expect(listenHint(3000)).toBe('npm run wecom -- send text hello   (the bot: npm run wecom -- send bot text hello)');
  });
});
