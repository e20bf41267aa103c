/**
 * WeCom's documented example keys (key set A of its crypto docs, PROTOCOL.md §2.1), as the settings of
 * an app under test: `WeComModule.forRoot(demoCredentials)` in a spec, and the defaults of the
 * `nestjs-wecom` simulator and of the repository's sample. A test never needs your app's real secrets,
 * because the test client reads the module's own configuration. They are public: never use them for
 * a real app.
 */
export const demoCredentials = {
  corpId: 'wx5823bf96d3bd56c7',
  token: 'QDG6eK',
  encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  agentId: '1000002',
} as const;
