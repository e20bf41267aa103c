/**
 * The callback families (PROTOCOL.md §1.5, §3.2, §5.1). Each differs in what the ciphertext's
 * receiveid is, how the body and plaintext are encoded, how callbacks are routed and what is answered.
 * - `app`: 自建应用 — XML, receiveid = CorpID, encrypted XML replies.
 * - `suite`: 第三方应用 指令回调 / 代开发 模板回调 — XML, receiveid = SuiteID, routed by InfoType, answer `success`.
 * - `suite-data`: 第三方应用 数据回调 / 代开发 应用回调 — like `app`, receiveid = the authorising corp's CorpID.
 * - `bot`: 智能机器人 — JSON, receiveid `""`, JSON replies.
 */
export type WeComAppKind = 'app' | 'suite' | 'suite-data' | 'bot';
