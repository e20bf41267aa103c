/**
 * The sample's settings. With no environment it uses key set A from WeCom's own documentation
 * (PROTOCOL.md §2.1), so it runs on a fresh machine and the simulator can talk to it out of the box.
 * Never use these values for a real app: they are public.
 */
export const DEMO_SETTINGS = {
  corpId: 'wx5823bf96d3bd56c7',
  token: 'QDG6eK',
  encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  agentId: '1000002',
} as const;

/** The sample's self-built app. */
export function sampleSettings(env: NodeJS.ProcessEnv = process.env) {
  return {
    corpId: env.WECOM_CORP_ID || DEMO_SETTINGS.corpId,
    token: env.WECOM_TOKEN || DEMO_SETTINGS.token,
    encodingAESKey: env.WECOM_AES_KEY || DEMO_SETTINGS.encodingAESKey,
    agentId: env.WECOM_AGENT_ID || DEMO_SETTINGS.agentId,
    usingDemo: !env.WECOM_CORP_ID && !env.WECOM_TOKEN && !env.WECOM_AES_KEY,
  };
}

/** The sample's AI bot (智能机器人 › API 模式): a token and key of its own; the demo's by default. */
export function sampleBotSettings(env: NodeJS.ProcessEnv = process.env) {
  return {
    token: env.WECOM_BOT_TOKEN || DEMO_SETTINGS.token,
    encodingAESKey: env.WECOM_BOT_AES_KEY || DEMO_SETTINGS.encodingAESKey,
    usingDemo: !env.WECOM_BOT_TOKEN && !env.WECOM_BOT_AES_KEY,
  };
}
