/**
 * The HTTP scenarios, in the order each round runs them. `server` names bench/servers/<server>.server.ts
 * (one process per scenario); `pool` the kind of callback posted; `distinct` whether every request
 * must be a new message (servers that deduplicate); `expect` what the sanity check requires.
 */
export const HTTP_SCENARIOS = [
  { name: 'floor-http', server: 'floor-http', pool: 'text', distinct: false, expect: 'empty', what: 'node:http, reads the body, empty 200' },
  { name: 'floor-nest', server: 'floor-nest', pool: 'text', distinct: false, expect: 'empty', what: 'the bare Nest POST route (@Post, raw body, empty answer)' },
  { name: 'ideal-text-reply', server: 'ideal', pool: 'text', distinct: true, expect: 'echo', what: 'the ideal pipeline (bench/ideal/) on a route mounted like ours, text → encrypted echo' },
  { name: 'wecom-text-reply', server: 'wecom', pool: 'text', distinct: true, expect: 'echo', what: 'nestjs-wecom with its defaults (dedup, ack deadline), text → encrypted echo' },
  { name: 'ideal-event', server: 'ideal', pool: 'event', distinct: true, expect: 'empty', what: 'the ideal pipeline, 2.5 KB change_contact/update_user, no reply' },
  { name: 'wecom-event', server: 'wecom', pool: 'event', distinct: true, expect: 'empty', what: 'nestjs-wecom, 2.5 KB change_contact/update_user, no reply' },
  { name: 'handrolled', server: 'handrolled', pool: 'text', distinct: true, expect: 'echo', what: '@wecom/crypto + xml2js in a Nest @Post, text → encrypted echo' },
];

/** In-process pipeline micro-benchmarks (bench/micro/pipeline.micro.ts), interleaved rounds too. */
export const MICRO_SCENARIO = 'micro';
/** Per-stage µs of the ideal pipeline and ours, in process (bench/micro/stages.micro.ts). */
export const STAGES_SCENARIO = 'stages';
/** RSS after 1,000 vs after 100,000 distinct messages (bench/support/dedup-rss.mjs). */
export const RSS_SCENARIO = 'dedup-rss';

/** client.call against the fake WeCom API, cold and warm, with gettoken counts (bench/tokens/token.bench.ts). */
export const TOKEN_SCENARIO = 'tokens';

export const ALL_SCENARIOS = [...HTTP_SCENARIOS.map((scenario) => scenario.name), MICRO_SCENARIO, STAGES_SCENARIO, RSS_SCENARIO, TOKEN_SCENARIO];
