// A replica for the multi-process token spec: its own process, its own ApiRuntime and Redis
// connection, sharing only the Redis with its sibling. Runs on src/ compiled by compileForTests
// (SRC_DIR), so that it starts in a bare `node` instead of a TypeScript loader. Waits for "go", makes
// CALLS concurrent calls, reports how many token fetches it made, and exits on "stop".
import 'reflect-metadata';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const { FAKE_URL, REDIS_URL, CORP_ID, SECRET, CALLS, SRC_DIR, KEY_PREFIX } = process.env;
const load = (path) => import(pathToFileURL(join(SRC_DIR, path)).href);
const { ApiRuntime } = await load('api/api-runtime.js');
const { resolveApiOptions } = await load('api/resolve-api-options.js');
const { RedisTokenStore } = await load('api/tokens/redis-token.store.js');

const runtime = new ApiRuntime(resolveApiOptions({ baseUrl: FAKE_URL, timeoutMs: Number(process.env.TIMEOUT_MS ?? 5000), tokenStore: new RedisTokenStore({ url: REDIS_URL, keyPrefix: KEY_PREFIX }) }));
const client = runtime.appClient({ name: 'default', corpId: CORP_ID, agentId: '1000002', secret: SECRET });

process.on('message', async (message) => {
  if (message.type === 'go') {
    try {
      const results = await Promise.all(Array.from({ length: Number(CALLS) }, () => client.call('user/get', { query: { userid: 'zhangsan' } })));
      process.send({ type: 'done', ok: results.length, fetches: [...runtime.tokens.fetchCounts.values()].reduce((a, b) => a + b, 0) });
    } catch (error) {
      process.send({ type: 'done', error: String(error) });
    }
  }
  if (message.type === 'stop') {
    await runtime.close();
    process.exit(0);
  }
});
process.send({ type: 'ready' });
