import type { WeComAppKind } from '../apps/app-kind.js';

/** Where each kind of app shows its Token and EncodingAESKey: the page a config error sends the user to. */
export const CALLBACK_SETTINGS_PAGE: Record<WeComAppKind, string> = {
  app: 'Copy it from the WeCom admin console: 应用管理 › (your app) › 接收消息 › 设置API接收.',
  suite: 'Copy it from the service provider console: 应用管理 › (your suite or 代开发 template) › 回调配置 (指令回调 / 模板回调).',
  'suite-data': 'Copy it from the service provider console: 应用管理 › (your suite or 代开发 template) › 回调配置 (数据回调 / 应用回调).',
  bot: "Copy it from the AI bot's settings: 智能机器人 › API 模式 › 接收消息.",
};

/** The same page, for the URL whose path the `path` option must match. */
export const CALLBACK_URL_PAGE: Record<WeComAppKind, string> = {
  app: 'It is the path of the URL entered in the WeCom admin console: 应用管理 › (your app) › 接收消息 › 设置API接收 › URL.',
  suite: 'It is the path of the 指令回调 / 模板回调 URL in the service provider console: 应用管理 › (your suite or 代开发 template) › 回调配置.',
  'suite-data': 'It is the path of the 数据回调 / 应用回调 URL in the service provider console: 应用管理 › (your suite or 代开发 template) › 回调配置.',
  bot: "It is the path of the URL in the AI bot's settings: 智能机器人 › API 模式 › 接收消息 › URL.",
};

export const CORP_ID_PAGE = 'the CorpID (企业ID) from the WeCom admin console: 我的企业 › 企业信息.';
export const PROVIDER_CORP_ID_PAGE = "the service provider's own CorpID from the service provider console: 服务商信息 › 基本信息 (the URL verification carries it).";
export const SUITE_ID_PAGE = 'the SuiteID of the suite (or of the 代开发 template), shown in the service provider console: 应用管理 › (your suite or template).';
export const AGENT_ID_PAGE = 'the AgentId shown in the WeCom admin console: 应用管理 › (your app).';
