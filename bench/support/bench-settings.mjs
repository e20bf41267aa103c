/**
 * The one WeCom app every scenario talks to: key set A from WeCom's own documentation (PROTOCOL.md
 * §2.1), public values, so the bench needs no configuration and no secrets.
 */
export const BENCH_APP = Object.freeze({
  corpId: 'wx5823bf96d3bd56c7',
  token: 'QDG6eK',
  encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  agentId: '1000002',
  path: '/wecom/callback',
});
