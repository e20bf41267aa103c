import { WeComApiError } from '../../errors/wecom-api.error.js';
import type { ApiHttp, WeComResponseBody } from '../http/api-http.js';
import type { TokenProvider } from '../tokens/token-provider.js';
import type { TokenSource } from '../tokens/token-source.js';
import { redact } from '../tokens/token-sources.js';
import type {
  WeComAppChatMessage,
  WeComCallOptions,
  WeComExternalContact,
  WeComKfOutgoingMessage,
  WeComKfSyncRequest,
  WeComKfSyncResult,
  WeComMediaType,
  WeComMediaUploadResult,
  WeComOutgoingMessage,
  WeComMessageSendResult,
  WeComTemplateCardUpdate,
  WeComApiResult,
  WeComUser,
} from './api-types.js';
import { DEFAULT_DOWNLOAD_CHUNK_BYTES, downloadMedia, requestRange, type WeComMedia } from './media-download.js';
import { callWithToken } from './token-call.js';

/** What a client is made of; built by `WeComClients`. */
export interface WeComClientContext {
  readonly http: ApiHttp;
  readonly tokens: TokenProvider;
  readonly source: TokenSource;
  /** The app's name, for error messages. */
  readonly app: string;
  /** Filled into message/send and update_template_card; a function when it is looked up (an authorised corp's). */
  readonly agentId?: string | (() => Promise<string | undefined>);
}

/** Upload data: bytes in memory. WeCom caps files at 20 MB (images 10 MB, voice 2 MB). */
export type WeComUploadData = Buffer | Uint8Array | ArrayBuffer | Blob;

/**
 * The active API of one app (or one authorised corp, or one suite). Every call adds the token,
 * refreshes it and retries once if WeCom refused it, and throws `WeComApiError` for a non-zero
 * errcode. Secrets and tokens never appear in what it throws or logs.
 */
export class WeComClient {
  constructor(private readonly context: WeComClientContext) {}

  /** A valid token of this client's kind (access_token, suite_access_token or provider_access_token). */
  accessToken(): Promise<string> {
    return this.context.tokens.get(this.context.source);
  }

  /**
   * Any endpoint: `client.call('user/get', { query: { userid } })` or `client.call('/cgi-bin/message/send', { body })`.
   * Resolves with WeCom's answer (errcode 0); rejects with `WeComApiError` otherwise.
   */
  async call<T = WeComResponseBody>(path: string, options: WeComCallOptions = {}): Promise<T> {
    const endpoint = normalizeEndpoint(path);
    const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
    const { http, tokens, source } = this.context;
    return callWithToken(tokens, source, async (token) => {
      const answer = await http.json({ method, path: endpoint, query: { ...options.query, [source.queryName]: token }, body: options.body });
      if (answer.errcode) throw new WeComApiError(answer.errcode, redact(answer.errmsg ?? '', [token]), endpoint);
      return answer as T;
    });
  }

  readonly message = {
    /** `message/send`: `agentid` is filled in with the app's AgentId. Resolves with msgid, invaliduser, response_code… */
    send: async (message: WeComOutgoingMessage): Promise<WeComMessageSendResult> =>
      this.call('/cgi-bin/message/send', { body: { ...message, agentid: message.agentid ?? (await this.agentId('message.send')) } }),
    /** `message/update_template_card`: updates a template card sent with a response_code (agentid filled in). */
    updateTemplateCard: async (update: WeComTemplateCardUpdate): Promise<WeComApiResult & { invaliduser?: string[] }> =>
      this.call('/cgi-bin/message/update_template_card', { body: { ...update, agentid: update.agentid ?? (await this.agentId('message.updateTemplateCard')) } }),
    /** `message/update_taskcard`: the legacy task card's button text (agentid filled in). */
    updateTaskCard: async (update: { userids: string[]; task_id: string; replace_name: string; agentid?: number | string }): Promise<WeComApiResult & { invaliduser?: string[] }> =>
      this.call('/cgi-bin/message/update_taskcard', { body: { ...update, agentid: update.agentid ?? (await this.agentId('message.updateTaskCard')) } }),
    /** `message/recall`: recalls a message sent in the last 24 hours. */
    recall: (msgid: string): Promise<WeComApiResult> => this.call('/cgi-bin/message/recall', { body: { msgid } }),
  };

  readonly appchat = {
    /** `appchat/send`: to a group chat created by this app. */
    send: (message: WeComAppChatMessage): Promise<WeComApiResult> => this.call('/cgi-bin/appchat/send', { body: message }),
  };

  readonly media = {
    /** `media/upload` (multipart, field `media`): a temporary media file, valid 3 days. */
    upload: async (type: WeComMediaType, data: WeComUploadData, filename: string): Promise<WeComMediaUploadResult> => {
      if (!['image', 'voice', 'video', 'file'].includes(type)) throw new TypeError(`media.upload: type must be image, voice, video or file (got "${type}")`);
      if (typeof filename !== 'string' || filename === '') throw new TypeError('media.upload: a filename is required (WeCom shows it and derives the type from it)');
      const blob = data instanceof Blob ? data : new Blob([data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength)]);
      const path = '/cgi-bin/media/upload';
      const { http, tokens, source } = this.context;
      return callWithToken(tokens, source, async (token) => {
        // A new form per attempt: a retry must send the file again.
        const form = await http.formData();
        form.append('media', blob, filename);
        const answer = await http.json({ method: 'POST', path, query: { [source.queryName]: token, type }, body: form });
        if (answer.errcode) throw new WeComApiError(answer.errcode, redact(answer.errmsg ?? '', [token]), path);
        return answer as unknown as WeComMediaUploadResult;
      });
    },
    /**
     * `media/get`, streamed: the file is fetched in Range chunks (default 4 MiB) as you read, with the
     * token handling of every call. A MediaId from a callback expires after 3 days.
     */
    download: async (mediaId: string, options: { chunkBytes?: number } = {}): Promise<WeComMedia> => {
      const chunkBytes = options.chunkBytes ?? DEFAULT_DOWNLOAD_CHUNK_BYTES;
      if (!Number.isInteger(chunkBytes) || chunkBytes < 1 || chunkBytes > 20 * 1024 * 1024) {
        throw new TypeError('media.download: chunkBytes must be a whole number of bytes, at most 20 MiB (WeCom\'s limit per Range request)');
      }
      const path = '/cgi-bin/media/get';
      const { http, tokens, source } = this.context;
      return downloadMedia(
        (start, end) =>
          callWithToken(tokens, source, (token) => requestRange(http, path, { [source.queryName]: token, media_id: mediaId }, start, end, token)),
        chunkBytes,
      );
    },
  };

  readonly user = {
    /** `user/get`: a member's details (since 2022-06-20, without avatar, mobile and the like for new apps). */
    get: (userid: string): Promise<WeComUser> => this.call('/cgi-bin/user/get', { query: { userid } }),
  };

  readonly externalContact = {
    /** `externalcontact/get`: a customer and the members who added them; page `follow_user` with `cursor`. */
    get: (externalUserId: string, cursor?: string): Promise<WeComExternalContact> =>
      this.call('/cgi-bin/externalcontact/get', { query: { external_userid: externalUserId, cursor } }),
  };

  readonly kf = {
    /** `kf/sync_msg`: one batch of a 微信客服 account's messages after `cursor`. The module runs this for @OnWeComKfMessage. */
    syncMsg: (request: WeComKfSyncRequest): Promise<WeComKfSyncResult> => this.call('/cgi-bin/kf/sync_msg', { body: request }),
    /** `kf/send_msg`: a message to a customer, within 48 hours of their last message (at most 5). */
    sendMsg: (message: WeComKfOutgoingMessage): Promise<WeComApiResult & { msgid: string }> => this.call('/cgi-bin/kf/send_msg', { body: message }),
  };

  /** WeCom's agentid is an integer in JSON. */
  private async agentId(method: string): Promise<number> {
    const { app } = this.context;
    const agentId = typeof this.context.agentId === 'function' ? await this.context.agentId() : this.context.agentId;
    if (agentId === undefined) {
      throw new TypeError(`${method}: app "${app}" has no agentId; set agentId in its options (or pass agentid in the call).`);
    }
    return Number(agentId);
  }
}

/** `user/get`, `cgi-bin/user/get` and `/cgi-bin/user/get` all mean the same endpoint; no query in the path. */
export function normalizeEndpoint(path: string): string {
  if (typeof path !== 'string' || path.trim() === '') throw new TypeError('client.call(path): path must be an endpoint such as "user/get"');
  if (/[?#]/.test(path)) throw new TypeError('client.call(path): put query parameters in options.query, not in the path');
  if (/^https?:/i.test(path)) throw new TypeError('client.call(path): give the endpoint path, not a URL (api.baseUrl sets the host)');
  const trimmed = path.trim().replace(/^\/+/, '');
  return trimmed.startsWith('cgi-bin/') ? `/${trimmed}` : `/cgi-bin/${trimmed}`;
}
