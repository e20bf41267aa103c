/** One WeCom app: the three values of its console page 接收消息 › 设置API接收, plus where we listen. */
export interface WeComAppOptions {
  /** Unique name; handlers pick an app with `{ app: name }` and `ctx.app` carries it. */
  name: string;
  /** HTTP path of this app's callback URL, e.g. `/wecom/hr`. Must be unique across apps. */
  path: string;
  /** The company's CorpID (`ww…`). It is the receiveid every ciphertext must end with (PROTOCOL.md §1.5). */
  corpId: string;
  /** The callback Token (≤ 32 chars of [A-Za-z0-9]); used only in signatures. */
  token: string;
  /** The 43-character EncodingAESKey. */
  encodingAESKey: string;
  /** The app's AgentId, for reference in `ctx.agentId` and the simulator's defaults. */
  agentId?: string | number;
}

/** Options shared by every app of the module. */
export interface WeComCommonOptions {
  /**
   * How far (in seconds) a request's signed `timestamp` may lie from the server clock.
   * Default 300. `false` turns the check off (only for replaying captured traffic).
   */
  timestampToleranceSeconds?: number | false;
  /** Largest accepted request body in bytes; larger bodies get 413 before any parsing. Default 1 MiB. */
  bodyLimit?: number;
}

/** Single-app form: `WeComModule.forRoot({ corpId, token, encodingAESKey })`. */
export interface WeComSingleAppOptions extends WeComCommonOptions {
  corpId: string;
  token: string;
  encodingAESKey: string;
  agentId?: string | number;
  /** Callback path; default `/wecom/callback`. */
  path?: string;
  apps?: undefined;
}

/** Multi-app form: `WeComModule.forRoot({ apps: [{ name, path, corpId, token, encodingAESKey }] })`. */
export interface WeComMultiAppOptions extends WeComCommonOptions {
  apps: WeComAppOptions[];
}

export type WeComModuleOptions = WeComSingleAppOptions | WeComMultiAppOptions;
