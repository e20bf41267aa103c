import { runLoad } from './load.mjs';
import { RequestPool } from './request-pool.mjs';
import { startServer } from './server-process.mjs';

const FIRST_BATCH = 1_000;
/** Hard cap on the long batch, whatever the machine: the bench must end. */
const MAX_SECONDS = 180;

/**
 * The bounded-memory target: RSS after 1,000 distinct text messages, then the peak RSS (getrusage
 * maxRSS, the high-water mark) after `total` distinct messages, on the wecom server with the module's
 * defaults. With deduplication on by default, this is what shows whether its store is bounded.
 */
export async function runDedupRss(options) {
  const server = await startServer('wecom');
  try {
    const send = (count) =>
      runLoad({ port: server.port, pool: new RequestPool('text', count), connections: options.connections, amount: count, seconds: MAX_SECONDS });
    const first = await send(FIRST_BATCH);
    const { rss: rssAfterFirst } = await server.memory();
    const rest = await send(options.rssMessages - FIRST_BATCH);
    const { rss: rssAtEnd, peakRss } = await server.memory();
    const sent = first.requests + rest.requests;
    return {
      name: 'dedup-rss',
      messages: sent,
      failures: first.non2xx + first.errors + rest.non2xx + rest.errors,
      rssAfter1kBytes: rssAfterFirst,
      rssAtEndBytes: rssAtEnd,
      peakRssBytes: peakRss,
      growthBytes: peakRss - rssAfterFirst,
    };
  } finally {
    await server.stop();
  }
}
