// Load test of exactly-once delivery (npm run load; not part of npm test). Starts redis-server and two
// replicas on loopback, sends UNIQUE callbacks plus DUPLICATE_SHARE copies of them from CONCURRENCY
// clients split across both replicas, then prints handled, unique, lost and each replica's peak RSS.
// Bounded: a fixed request count and a hard time limit.
import { fork, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { startRedisServer } from '../../test/support/redis-server.js';
import { LOAD_KEYS } from './load-keys.js';

const TOTAL = Number(process.env.LOAD_TOTAL ?? 10_000);
const DUPLICATE_SHARE = 0.2;
const CONCURRENCY = 100;
const TIME_LIMIT_MS = 180_000;

type Report = { runs: [string, number][]; peakRss: number; readyRss: number };

async function startReplica(redisUrl: string): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(fileURLToPath(new URL('./replica.ts', import.meta.url)), {
    execArgv: ['--import', '@swc-node/register/esm-register'],
    env: { ...process.env, REDIS_URL: redisUrl },
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { type: string; port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`replica exited with ${code} before it was ready`)));
  });
  return { child, port };
}

function report(child: ChildProcess): Promise<Report> {
  return new Promise((resolve) => {
    child.on('message', (message: { type: string } & Report) => message.type === 'report' && resolve(message));
    child.send({ type: 'report' });
  });
}

/** UNIQUE originals, then duplicates inserted a few places after their original so copies overlap in flight. */
function plan(): { msgId: string; replica: number }[] {
  const unique = Math.round(TOTAL * (1 - DUPLICATE_SHARE));
  const sends = Array.from({ length: unique }, (_, i) => ({ msgId: String(7_300_000_000_000_000_000n + BigInt(i)), replica: i % 2 }));
  for (let d = 0; d < TOTAL - unique; d++) {
    const original = randomInt(unique);
    const at = Math.min(sends.length, sends.indexOf(sends.find((s) => s.msgId === sends[original].msgId)!) + randomInt(1, 2 * CONCURRENCY));
    sends.splice(at, 0, { msgId: sends[original].msgId, replica: 1 - sends[original].replica });
  }
  return sends;
}

function signedRequest(msgId: string): { query: string; body: string } {
  const plaintext = `<xml><ToUserName><![CDATA[${LOAD_KEYS.corpId}]]></ToUserName><FromUserName><![CDATA[loadtest]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[load ${msgId}]]></Content><MsgId>${msgId}</MsgId><AgentID>1</AgentID></xml>`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomInt(1e9));
  const ciphertext = encrypt(LOAD_KEYS.encodingAESKey, plaintext, LOAD_KEYS.corpId);
  return {
    query: `msg_signature=${getSignature(LOAD_KEYS.token, timestamp, nonce, ciphertext)}&timestamp=${timestamp}&nonce=${nonce}`,
    body: `<xml><ToUserName><![CDATA[${LOAD_KEYS.corpId}]]></ToUserName><Encrypt><![CDATA[${ciphertext}]]></Encrypt></xml>`,
  };
}

const redis = await startRedisServer();
const replicas = [await startReplica(redis.url), await startReplica(redis.url)];
const stopAll = async () => {
  for (const { child } of replicas) if (child.connected) child.kill('SIGKILL');
  await redis.stop();
};
const watchdog = setTimeout(() => {
  console.error(`load test exceeded ${TIME_LIMIT_MS} ms; stopping`);
  void stopAll().then(() => process.exit(2));
}, TIME_LIMIT_MS);

try {
  const sends = plan();
  const statuses = new Map<number, number>();
  let wrongReplies = 0;
  let next = 0;
  const started = Date.now();
  const client = async () => {
    while (next < sends.length) {
      const { msgId, replica } = sends[next++];
      const { query, body } = signedRequest(msgId);
      const res = await fetch(`http://127.0.0.1:${replicas[replica].port}/wecom/callback?${query}`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body });
      const text = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const encrypted = /<Encrypt><!\[CDATA\[([^\]]+)\]\]>/.exec(text)?.[1];
      if (res.status !== 200 || !encrypted || !decrypt(LOAD_KEYS.encodingAESKey, encrypted).message.includes(`<Content><![CDATA[ack ${msgId}]]></Content>`)) wrongReplies++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  const elapsed = Date.now() - started;

  const reports = await Promise.all(replicas.map(({ child }) => report(child)));
  const runs = new Map<string, number>();
  for (const { runs: counts } of reports) for (const [msgId, count] of counts) runs.set(msgId, (runs.get(msgId) ?? 0) + count);
  const uniqueIds = new Set(sends.map((send) => send.msgId));
  const handled = [...runs.values()].reduce((sum, count) => sum + count, 0);
  const lost = [...uniqueIds].filter((msgId) => !runs.has(msgId)).length;
  const doubled = [...runs.values()].filter((count) => count > 1).length;
  const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;

  console.log(`sent ${sends.length} callbacks (${uniqueIds.size} unique, ${sends.length - uniqueIds.size} duplicates) from ${CONCURRENCY} clients to 2 replicas in ${elapsed} ms (${Math.round((sends.length / elapsed) * 1000)} req/s)`);
  console.log(`HTTP statuses: ${JSON.stringify(Object.fromEntries(statuses))}; responses without the expected reply: ${wrongReplies}`);
  console.log(`handled ${handled}, unique ${uniqueIds.size}, lost ${lost}, handled twice ${doubled}`);
  console.log(`replica handler runs: ${reports.map((r) => r.runs.length).join(' + ')}; peak RSS: ${reports.map((r, i) => `replica ${i + 1} ${mib(r.peakRss)} (${mib(r.readyRss)} when ready)`).join(', ')}`);
  process.exitCode = handled === uniqueIds.size && lost === 0 && doubled === 0 && wrongReplies === 0 ? 0 : 1;
} finally {
  clearTimeout(watchdog);
  await Promise.all(replicas.map(({ child }) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))));
  await redis.stop();
}
