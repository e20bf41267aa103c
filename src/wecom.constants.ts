/** Metadata key under which @OnWeComMessage / @OnWeComEvent store their routes (an array, so they stack). */
export const WECOM_HANDLER_METADATA = 'wecom:handler';

/** Name of the app in the single-app form of `WeComModule.forRoot({ corpId, token, encodingAESKey })`. */
export const DEFAULT_APP_NAME = 'default';

/** Default callback path of the single-app form. */
export const DEFAULT_CALLBACK_PATH = '/wecom/callback';

/** WeCom signs a timestamp; replays older than this many seconds are refused (PROTOCOL.md §3.2). */
export const DEFAULT_TIMESTAMP_TOLERANCE_SECONDS = 300;

/** Callbacks are small (a contact change is ~2 KiB); anything above this is refused with 413. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Longest time to receive a callback's body. WeCom's bodies are a few KB sent at once and WeCom gives
 * up after 5 s (PROTOCOL.md §3.2); a client trickling its body holds a connection only this long.
 */
export const DEFAULT_BODY_READ_TIMEOUT_MS = 3000;

/** The Nest logger context of everything this module logs. */
export const LOGGER_CONTEXT = 'WeComModule';

/**
 * The simulator's question and the module's answer: a request carrying `X-WeCom-Simulator` (sent by
 * `nestjs-wecom` and `nestjs-wecom/testing`, never by WeCom) gets `X-WeCom-Matched-Handlers: <n>` on
 * its answer, the number of handlers the callback matched, so that the CLI can tell "no handler
 * matched" from "the handlers returned nothing". Only after the signature is verified, so an unsigned
 * request learns nothing; WeCom's own requests never ask, so their answers are unchanged.
 */
export const SIMULATOR_REQUEST_HEADER = 'x-wecom-simulator';
export const MATCHED_HANDLERS_HEADER = 'x-wecom-matched-handlers';
