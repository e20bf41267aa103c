// A replica for the kf crash spec: its own process, its own ApiRuntime and Redis connection, sharing
// only the Redis with the spec. Runs on src/ compiled by compileForTests (SRC_DIR). On "go" it runs one
// 微信客服 fetch; every handler start and end is reported to the parent over IPC, so the record
// survives a kill -9. The handler of HANG_ON never returns: the spec kills the process inside it.
import 'reflect-metadata';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const { FAKE_URL, REDIS_URL, CORP_ID, SECRET, SRC_DIR, KEY_PREFIX, LOCK_TTL_MS, HANG_ON } = process.env;
const load = (path) => import(pathToFileURL(join(SRC_DIR, path)).href);
const { ApiRuntime } = await load('api/api-runtime.js');
const { resolveApiOptions } = await load('api/resolve-api-options.js');
const { KfSyncRunner } = await load('api/kf/kf-sync.runner.js');
const { RedisKfCursorStore } = await load('api/kf/redis-kf-cursor.store.js');

const runtime = new ApiRuntime(resolveApiOptions({ baseUrl: FAKE_URL, timeoutMs: 5000 }));
const client = runtime.appClient({ name: 'kf', corpId: CORP_ID, secret: SECRET });
const store = new RedisKfCursorStore({ url: REDIS_URL, keyPrefix: KEY_PREFIX });

process.on('message', async (message) => {
  if (message.type !== 'go') return;
  await new KfSyncRunner(store, { lockTtlMs: Number(LOCK_TTL_MS) }).sync(client, 'acc', 'wk-1', '', async (m) => {
    process.send({ type: 'start', msgid: m.msgid });
    if (m.msgid === HANG_ON) await new Promise(() => undefined);
    process.send({ type: 'end', msgid: m.msgid });
  });
});
process.send({ type: 'ready' });
