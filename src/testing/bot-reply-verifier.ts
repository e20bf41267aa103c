import type { WeComCrypto } from '../crypto/wecom-crypto.js';
import { WeComProtocolError } from '../errors/wecom-protocol.error.js';
import { WeComTestClientError } from '../errors/wecom-test-client.error.js';
import type { BotTemplateCard } from '../families/bot/wecom-bot-reply.js';

/** A stream frame as the bot answers it (doc 101031): the whole content so far, `finish` on the last one. */
export interface WeComBotStreamFrame {
  readonly id: string;
  readonly finish: boolean;
  readonly content?: string;
  readonly msg_item?: ReadonlyArray<Record<string, unknown>>;
  readonly feedback?: { readonly id: string };
}

/** The decrypted plaintext of an AI bot's passive reply (PROTOCOL.md §5.1, doc 101031). */
export type WeComBotReplyPayload =
  | { readonly msgtype: 'stream'; readonly stream: WeComBotStreamFrame }
  | { readonly msgtype: 'text'; readonly text: { readonly content: string } }
  | { readonly msgtype: 'template_card'; readonly template_card: BotTemplateCard }
  | { readonly msgtype: 'stream_with_template_card'; readonly stream: WeComBotStreamFrame; readonly template_card: BotTemplateCard }
  | { readonly response_type: 'update_template_card'; readonly userids?: readonly string[]; readonly template_card: BotTemplateCard };

/** A bot reply that passed every check WeCom makes: signed with the token, encrypted for receiveid "". */
export interface WeComBotVerifiedReply {
  /** The decrypted JSON plaintext. */
  readonly json: string;
  readonly payload: WeComBotReplyPayload;
  /** `msgtype` (stream, text, template_card …), or `response_type` for a card update. */
  readonly msgType: string;
  /** The stream frame, for `stream` and `stream_with_template_card` replies. */
  readonly stream?: WeComBotStreamFrame;
}

const fail = (reason: string, cause?: unknown): never => {
  throw new WeComTestClientError('reply-not-verified', `the bot reply failed verification: ${reason}`, { cause });
};

/**
 * Opens the bot's JSON reply envelope `{ encrypt, msgsignature, timestamp, nonce }` (PROTOCOL.md §3.3,
 * §5.1) as WeCom would: msgsignature must sign timestamp, nonce and encrypt under the token, and
 * encrypt must decrypt, with the EncodingAESKey, to a JSON plaintext that ends with receiveid "".
 */
export function verifyBotReply(crypto: WeComCrypto, body: string): WeComBotVerifiedReply {
  let envelope: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
    envelope = parsed as Record<string, unknown>;
  } catch (error) {
    fail(`the body is not the JSON envelope { encrypt, msgsignature, timestamp, nonce } (${error instanceof Error ? error.message : String(error)})`, error);
  }
  const text = (name: string): string => {
    const value = envelope[name];
    // The official JSON libraries write the timestamp as a string; a number is read as WeCom would.
    if (typeof value === 'number' && name === 'timestamp') return String(value);
    if (typeof value !== 'string' || value === '') return fail(`the envelope has no "${name}"; WeCom expects { encrypt, msgsignature, timestamp, nonce } (PROTOCOL.md §3.3)`);
    return value;
  };
  const encrypt = text('encrypt');
  const signature = text('msgsignature');
  const timestamp = text('timestamp');
  const nonce = text('nonce');
  try {
    crypto.verifySignature(signature, timestamp, nonce, encrypt);
  } catch (error) {
    fail('msgsignature does not match timestamp, nonce and encrypt under this token: WeCom would drop this reply', error);
  }
  let json = '';
  try {
    json = crypto.decrypt(encrypt, '').message;
  } catch (error) {
    const reason = error instanceof WeComProtocolError ? `${error.errcode} ${error.message}` : String(error);
    fail(`encrypt does not decrypt for this bot (${reason})`, error);
  }
  let payload: Record<string, unknown> = {};
  try {
    payload = JSON.parse(json) as Record<string, unknown>;
  } catch (error) {
    fail(`the decrypted reply is not JSON (${error instanceof Error ? error.message : String(error)})`, error);
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) fail('the decrypted reply is not a JSON object');
  const msgType = typeof payload.msgtype === 'string' ? payload.msgtype : typeof payload.response_type === 'string' ? payload.response_type : '';
  if (msgType === '') fail(`the decrypted reply has neither msgtype nor response_type: ${json.slice(0, 200)}`);
  const stream = payload.stream as WeComBotStreamFrame | undefined;
  return { json, payload: payload as unknown as WeComBotReplyPayload, msgType, ...(stream && typeof stream === 'object' ? { stream } : {}) };
}
