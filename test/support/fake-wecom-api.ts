import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** What the fake answers instead of the real thing, once per `failNext`. */
export type FakeFault =
  | { errcode: number; errmsg?: string }
  | 'timeout' // never answers (until the server closes)
  | 'http-500'
  | 'malformed-json';

export interface FakeApp {
  corpId: string;
  secret: string;
  agentId?: number;
}

export interface FakeSuite {
  suiteId: string;
  secret: string;
  /** The ticket WeCom "pushed"; get_suite_token accepts only this one. */
  ticket: string;
}

export interface FakeAuthorisation {
  authCode: string;
  suiteId: string;
  authCorpId: string;
  permanentCode: string;
  agentId: number;
}

export interface FakeWeComOptions {
  /** `expires_in` of every token; short, so that tests can see expiry. Default 7200. */
  tokenTtlSeconds?: number;
  apps?: FakeApp[];
  suites?: FakeSuite[];
  provider?: { corpId: string; secret: string };
  authorisations?: FakeAuthorisation[];
}

interface IssuedToken {
  kind: 'corp' | 'suite' | 'provider' | 'auth-corp';
  scope: string;
  agentId?: number;
  expiresAt: number;
  revoked: boolean;
}

export interface RecordedCall {
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: unknown;
  /** The token the call carried (access_token / suite_access_token / provider_access_token). */
  token?: string;
}

export interface FakeKfMessage {
  msgid: string;
  open_kfid: string;
  msgtype: string;
  [field: string]: unknown;
}

/**
 * A local stand-in for qyapi.weixin.qq.com on loopback: issues tokens with short expiries, counts
 * every token fetch, can revoke a token early, and answers any errcode, a timeout, a 500 or broken
 * JSON on demand. Tokens within their lifetime are returned again by gettoken, as WeCom does
 * ("有效期内重复获取返回相同结果").
 */
export class FakeWeComApi {
  readonly counts = { gettoken: 0, suiteToken: 0, providerToken: 0, corpToken: 0, permanentCode: 0 };
  readonly calls: RecordedCall[] = [];
  readonly media = new Map<string, { contentType: string; data: Buffer; filename: string }>();
  readonly users = new Map<string, Record<string, unknown>>();
  readonly externalContacts = new Map<string, Record<string, unknown>>();
  readonly chats = new Set<string>();
  /** kf messages by open_kfid, in order; the cursor is the index of the next one. */
  readonly kfMessages = new Map<string, FakeKfMessage[]>();
  /** Every token issued (the value is what secret scanning of logs looks for). */
  readonly issuedTokens: string[] = [];
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly current = new Map<string, string>();
  private readonly faults: Array<{ path: string; fault: FakeFault }> = [];
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | undefined;
  private ttlSeconds: number;
  /** Delay before answering token endpoints, to widen races in tests. */
  tokenDelayMs = 0;
  /** Delay before answering other endpoints, by path. */
  readonly delays = new Map<string, number>();
  url = '';

  constructor(private readonly options: FakeWeComOptions = {}) {
    this.ttlSeconds = options.tokenTtlSeconds ?? 7200;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error) => {
        response.statusCode = 500;
        response.end(String(error));
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next call to `path` (e.g. `/cgi-bin/message/send`) gets `fault` instead of an answer. */
  failNext(path: string, fault: FakeFault, times = 1): void {
    for (let i = 0; i < times; i++) this.faults.push({ path, fault });
  }

  /** Revokes a token before its expiry: calls with it get 42001, and the next fetch issues a new one. */
  revoke(token: string): void {
    const issued = this.tokens.get(token);
    if (issued) issued.revoked = true;
  }

  setTokenTtl(seconds: number): void {
    this.ttlSeconds = seconds;
  }

  callsTo(path: string): RecordedCall[] {
    return this.calls.filter((call) => call.path === path);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const path = url.pathname;
    const query = Object.fromEntries(url.searchParams);
    const raw = await readBody(request);
    const contentType = request.headers['content-type'] ?? '';
    let body: unknown;
    if (contentType.startsWith('multipart/form-data')) {
      body = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
    } else if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        body = raw.toString('utf8');
      }
    }
    const token = query.access_token ?? query.suite_access_token ?? query.provider_access_token;
    this.calls.push({ path, query, headers: request.headers, body, token });

    const faultIndex = this.faults.findIndex((f) => f.path === path);
    if (faultIndex !== -1) {
      const [{ fault }] = this.faults.splice(faultIndex, 1);
      if (fault === 'timeout') {
        this.hanging.add(response);
        return;
      }
      if (fault === 'http-500') return send(response, 500, 'Internal Server Error', 'text/html');
      if (fault === 'malformed-json') return send(response, 200, '{"errcode":0,"errmsg":"ok",', 'application/json');
      return json(response, { errcode: fault.errcode, errmsg: fault.errmsg ?? `fake errcode ${fault.errcode}` });
    }

    const delay = this.delays.get(path);
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    const json200 = (value: Record<string, unknown>) => json(response, { errcode: 0, errmsg: 'ok', ...value });
    const b = (body ?? {}) as Record<string, unknown>;
    switch (path) {
      case '/cgi-bin/gettoken': {
        this.counts.gettoken++;
        const app = this.options.apps?.find((a) => a.corpId === query.corpid && a.secret === query.corpsecret);
        if (!app) return json(response, { errcode: 40001, errmsg: 'invalid credential' });
        return this.issue(response, 'access_token', 'corp', `${app.corpId}/${app.secret}`, app.agentId);
      }
      case '/cgi-bin/service/get_suite_token': {
        this.counts.suiteToken++;
        const suite = this.options.suites?.find((s) => s.suiteId === b.suite_id);
        if (!suite || suite.secret !== b.suite_secret) return json(response, { errcode: 40080, errmsg: 'invalid suite_secret' });
        if (suite.ticket !== b.suite_ticket) return json(response, { errcode: 40085, errmsg: 'invalid suite_ticket' });
        return this.issue(response, 'suite_access_token', 'suite', suite.suiteId);
      }
      case '/cgi-bin/service/get_provider_token': {
        this.counts.providerToken++;
        const provider = this.options.provider;
        if (!provider || provider.corpId !== b.corpid || provider.secret !== b.provider_secret) {
          return json(response, { errcode: 40001, errmsg: 'invalid provider_secret' });
        }
        return this.issue(response, 'provider_access_token', 'provider', provider.corpId);
      }
      default:
        break;
    }

    const check = this.checkToken(query);
    if (check.errcode) return json(response, check);
    const issued = check.issued!;

    switch (path) {
      case '/cgi-bin/service/get_permanent_code': {
        if (issued.kind !== 'suite') return json(response, { errcode: 40082, errmsg: 'invalid suite_token' });
        this.counts.permanentCode++;
        const auth = this.options.authorisations?.find((a) => a.authCode === b.auth_code && a.suiteId === issued.scope);
        if (!auth) return json(response, { errcode: 40078, errmsg: 'invalid auth_code' });
        return json200({
          permanent_code: auth.permanentCode,
          auth_corp_info: { corpid: auth.authCorpId, corp_name: `corp ${auth.authCorpId}` },
          auth_info: { agent: [{ agentid: auth.agentId, name: 'suite app' }] },
          auth_user_info: { userid: 'admin' },
        });
      }
      case '/cgi-bin/service/get_corp_token': {
        if (issued.kind !== 'suite') return json(response, { errcode: 40082, errmsg: 'invalid suite_token' });
        this.counts.corpToken++;
        const auth = this.options.authorisations?.find((a) => a.suiteId === issued.scope && a.authCorpId === b.auth_corpid && a.permanentCode === b.permanent_code);
        if (!auth) return json(response, { errcode: 40084, errmsg: 'invalid permanent_code' });
        return this.issue(response, 'access_token', 'auth-corp', `${auth.suiteId}/${auth.authCorpId}`, auth.agentId);
      }
      case '/cgi-bin/message/send':
      case '/cgi-bin/message/update_template_card': {
        if (issued.kind !== 'corp' && issued.kind !== 'auth-corp') return json(response, { errcode: 40014, errmsg: 'invalid access_token' });
        if (b.agentid === undefined) return json(response, { errcode: 41011, errmsg: 'missing agentid' });
        if (issued.agentId !== undefined && Number(b.agentid) !== issued.agentId) return json(response, { errcode: 40056, errmsg: 'invalid agentid' });
        if (path.endsWith('update_template_card')) return json200({ invaliduser: [] });
        if (b.touser === 'nobody') return json(response, { errcode: 81013, errmsg: 'user & party & tag all invalid' });
        return json200({ invaliduser: '', msgid: `msg-${this.calls.length}`, ...(b.msgtype === 'template_card' ? { response_code: `rc-${this.calls.length}` } : {}) });
      }
      case '/cgi-bin/appchat/send':
        if (!this.chats.has(String(b.chatid))) return json(response, { errcode: 86001, errmsg: 'invalid chatid' });
        return json200({});
      case '/cgi-bin/media/upload': {
        const form = body as FormData | undefined;
        const file = form?.get('media');
        if (!file || typeof file === 'string') return json(response, { errcode: 44001, errmsg: 'empty media data' });
        const mediaId = `media-${this.media.size + 1}`;
        this.media.set(mediaId, { contentType: file.type || 'application/octet-stream', data: Buffer.from(await file.arrayBuffer()), filename: (file as File).name });
        return json200({ type: query.type, media_id: mediaId, created_at: String(Math.floor(Date.now() / 1000)) });
      }
      case '/cgi-bin/media/get':
        return this.serveMedia(query.media_id, request.headers.range, response);
      case '/cgi-bin/user/get': {
        const user = this.users.get(query.userid);
        if (!user) return json(response, { errcode: 60111, errmsg: 'userid not found' });
        return json200({ userid: query.userid, ...user });
      }
      case '/cgi-bin/externalcontact/get': {
        const contact = this.externalContacts.get(query.external_userid);
        if (!contact) return json(response, { errcode: 84061, errmsg: 'not external contact' });
        return json200({ external_contact: { external_userid: query.external_userid, ...contact }, follow_user: [] });
      }
      case '/cgi-bin/kf/sync_msg': {
        const openKfId = String(b.open_kfid ?? '');
        const all = this.kfMessages.get(openKfId) ?? [];
        const start = b.cursor ? Number(String(b.cursor).replace('cursor-', '')) : 0;
        const limit = Math.min(Number(b.limit ?? 1000), 1000);
        const batch = all.slice(start, start + limit);
        const next = start + batch.length;
        return json200({ next_cursor: `cursor-${next}`, has_more: next < all.length ? 1 : 0, msg_list: batch });
      }
      case '/cgi-bin/kf/send_msg':
        return json200({ msgid: `kfmsg-${this.calls.length}` });
      default:
        return json200({ echo: body ?? null });
    }
  }

  private issue(response: ServerResponse, field: string, kind: IssuedToken['kind'], scope: string, agentId?: number): void {
    const key = `${kind}/${scope}`;
    const now = Date.now();
    const existing = this.current.get(key);
    const kept = existing ? this.tokens.get(existing) : undefined;
    let token: string;
    if (existing && kept && !kept.revoked && kept.expiresAt > now) {
      token = existing;
    } else {
      token = `FAKETOKEN-${kind}-${randomBytes(12).toString('hex')}`;
      this.tokens.set(token, { kind, scope, agentId, expiresAt: now + this.ttlSeconds * 1000, revoked: false });
      this.current.set(key, token);
      this.issuedTokens.push(token);
    }
    const expiresIn = Math.max(1, Math.round((this.tokens.get(token)!.expiresAt - now) / 1000));
    const answer = () => json(response, { errcode: 0, errmsg: 'ok', [field]: token, expires_in: expiresIn });
    if (this.tokenDelayMs > 0) setTimeout(answer, this.tokenDelayMs);
    else answer();
  }

  private checkToken(query: Record<string, string>): { errcode: number; errmsg: string; issued?: IssuedToken } {
    const token = query.access_token ?? query.suite_access_token ?? query.provider_access_token;
    if (!token) return { errcode: 41001, errmsg: 'access_token missing' };
    const issued = this.tokens.get(token);
    if (!issued) return { errcode: 40014, errmsg: 'invalid access_token' };
    if (issued.revoked || issued.expiresAt <= Date.now()) {
      return issued.kind === 'suite' ? { errcode: 42009, errmsg: 'suite_access_token expired' } : { errcode: 42001, errmsg: 'access_token expired' };
    }
    return { errcode: 0, errmsg: 'ok', issued };
  }

  private serveMedia(mediaId: string, range: string | undefined, response: ServerResponse): void {
    const file = this.media.get(mediaId);
    if (!file) return json(response, { errcode: 40007, errmsg: 'invalid media_id' });
    const headers = { 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`, 'accept-ranges': 'bytes' };
    const match = range ? /^bytes=(\d+)-(\d+)?$/.exec(range) : null;
    if (!match) {
      response.writeHead(200, { ...headers, 'content-length': file.data.length });
      response.end(file.data);
      return;
    }
    const start = Number(match[1]);
    const end = Math.min(match[2] === undefined ? file.data.length - 1 : Number(match[2]), file.data.length - 1);
    if (end - start + 1 > 20 * 1024 * 1024) return json(response, { errcode: 830002, errmsg: 'range too large' });
    const part = file.data.subarray(start, end + 1);
    response.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${file.data.length}`, 'content-length': part.length });
    response.end(part);
  }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function json(response: ServerResponse, value: unknown): void {
  send(response, 200, JSON.stringify(value), 'application/json; charset=utf-8');
}

function send(response: ServerResponse, status: number, body: string, contentType: string): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
