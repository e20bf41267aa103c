/**
 * The HTTP scenarios, in the order they run. `server` names bench/servers/<server>.server.ts; `pool`
 * the kind of callback posted; `distinct` whether every request must be a new message (servers that
 * deduplicate); `expect` what the sanity check requires of the answer.
 */
export const HTTP_SCENARIOS = [
  { name: 'floor-http', server: 'floor-http', pool: 'text', distinct: false, expect: 'empty' },
  { name: 'floor-nest', server: 'floor-nest', pool: 'text', distinct: false, expect: 'empty' },
  { name: 'wecom-text-reply', server: 'wecom', pool: 'text', distinct: true, expect: 'echo' },
  { name: 'wecom-event', server: 'wecom', pool: 'event', distinct: true, expect: 'empty' },
  { name: 'handrolled', server: 'handrolled', pool: 'text', distinct: true, expect: 'echo' },
];

/** In-process pipeline micro-benchmarks (bench/micro/pipeline.micro.ts). */
export const MICRO_SCENARIO = 'micro';
/** RSS after 1,000 vs after 100,000 distinct messages (bench/support/dedup-rss.mjs). */
export const RSS_SCENARIO = 'dedup-rss';

/** client.call against the fake WeCom API, cold and warm, with gettoken counts (bench/tokens/token.bench.ts). */
export const TOKEN_SCENARIO = 'tokens';

export const ALL_SCENARIOS = [...HTTP_SCENARIOS.map((scenario) => scenario.name), MICRO_SCENARIO, RSS_SCENARIO, TOKEN_SCENARIO];
