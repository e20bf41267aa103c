import { WeComCrypto } from '../crypto/wecom-crypto.js';
import { WeComProtocolError } from '../errors/wecom-protocol.error.js';
import {
  DEFAULT_APP_NAME,
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_CALLBACK_PATH,
  DEFAULT_TIMESTAMP_TOLERANCE_SECONDS,
} from '../wecom.constants.js';
import type { ResolvedApp } from './resolved-app.js';
import { WeComConfigError } from '../errors/wecom-config.error.js';
import type { ReceiveIdCheck } from '../crypto/wecom-crypto.js';
import type { WeComAppKind } from './app-kind.js';
import type { WeComAnyAppOptions, WeComModuleOptions } from './wecom-options.interface.js';

const CONSOLE_HINTS: Record<WeComAppKind, string> = {
  app: 'Copy it from the WeCom admin console: 应用管理 › (your app) › 接收消息 › 设置API接收.',
  suite: 'Copy it from the service provider console: 应用管理 › (your suite or 代开发 template) › 回调配置 (指令回调 / 模板回调).',
  'suite-data': 'Copy it from the service provider console: 应用管理 › (your suite or 代开发 template) › 回调配置 (数据回调 / 应用回调).',
  bot: 'Copy it from the AI bot\'s settings: 智能机器人 › API 模式 › 接收消息.',
};

const KINDS: readonly WeComAppKind[] = ['app', 'suite', 'suite-data', 'bot'];

/** Validates the module options once, at boot, and builds each app's crypto. */
export function resolveApps(options: WeComModuleOptions | undefined): ResolvedApp[] {
  if (!options || typeof options !== 'object') {
    throw new WeComConfigError('WeComModule: no options given. Use WeComModule.forRoot({ corpId, token, encodingAESKey }).');
  }
  const tolerance = resolveTolerance(options.timestampToleranceSeconds);
  const bodyLimit = resolveBodyLimit(options.bodyLimit);
  const apps: WeComAnyAppOptions[] = options.apps
    ? options.apps
    : // `durable` of the single-app form is the module's queue option, not the app's boolean default.
      [{ ...options, durable: undefined, name: DEFAULT_APP_NAME, path: options.path ?? DEFAULT_CALLBACK_PATH }];
  if (!Array.isArray(apps) || apps.length === 0) {
    throw new WeComConfigError('WeComModule: option "apps" must be a non-empty array of { name, path, corpId, token, encodingAESKey }.');
  }

  const resolved = apps.map((app, index) => resolveApp(app, index, tolerance, bodyLimit));
  assertUnique(resolved, 'name');
  assertUnique(resolved, 'path');
  return resolved;
}

function resolveApp(app: WeComAnyAppOptions, index: number, tolerance: number | false, bodyLimit: number): ResolvedApp {
  const label = typeof app?.name === 'string' && app.name ? `app "${app.name}"` : `apps[${index}]`;
  const fail = (option: string, problem: string): never => {
    throw new WeComConfigError(`WeComModule: ${label}: option "${option}" ${problem}`);
  };
  const kind: WeComAppKind = app?.kind ?? 'app';
  if (!KINDS.includes(kind)) fail('kind', `must be one of ${KINDS.map((k) => `"${k}"`).join(', ')} (got ${JSON.stringify(kind)}).`);
  const hint = CONSOLE_HINTS[kind];
  if (typeof app?.name !== 'string' || app.name.trim() === '') fail('name', 'is required (a non-empty string).');
  if (typeof app.path !== 'string' || app.path.trim() === '') fail('path', 'is required, e.g. "/wecom/callback".');
  requireString(app.token, 'token', fail, `is required. ${hint}`);
  if (!/^[A-Za-z0-9]{1,32}$/.test(app.token)) fail('token', `must be 1-32 letters or digits (got ${app.token.length} characters). ${hint}`);
  requireString(app.encodingAESKey, 'encodingAESKey', fail, `is required. ${hint}`);
  if (app.encodingAESKey.length !== 43) {
    fail('encodingAESKey', `must be exactly 43 characters (got ${app.encodingAESKey.length}). ${hint}`);
  }

  let crypto: WeComCrypto;
  try {
    crypto = new WeComCrypto({ token: app.token, encodingAESKey: app.encodingAESKey });
  } catch (error) {
    const reason = error instanceof WeComProtocolError ? error.message : String(error);
    return fail('encodingAESKey', `is not a valid key: ${reason} ${hint}`);
  }
  const common = { kind, name: app.name, path: normalizePath(app.path), crypto, timestampToleranceSeconds: tolerance, bodyLimit };

  switch (app.kind) {
    case 'suite': {
      requireString(app.suiteId, 'suiteId', fail, `is required: the SuiteID of the suite (or of the 代开发 template). ${hint}`);
      // Instruction callbacks, GET and POST alike, end with the SuiteID (PROTOCOL.md §1.5).
      return { ...common, corpId: '', suiteId: app.suiteId, receiveId: app.suiteId, verifyReceiveId: app.suiteId };
    }
    case 'suite-data': {
      requireString(app.corpId, 'corpId', fail, 'is required: the service provider\'s own CorpID (服务商信息 › 基本信息), which the URL verification carries.');
      return { ...common, corpId: app.corpId, receiveId: authCorpCheck(app.authCorpIds, fail), verifyReceiveId: app.corpId };
    }
    case 'bot':
      // "企业内部智能机器人场景中，ReceiveId为\"\"" (§5.1), compared strictly: '' must equal ''.
      return { ...common, corpId: '', receiveId: '', verifyReceiveId: '' };
    default: {
      requireString(app.corpId, 'corpId', fail, `is required: the CorpID (企业ID) from 我的企业 › 企业信息.`);
      if (app.agentId !== undefined && !/^\d+$/.test(String(app.agentId))) fail('agentId', `must be a number (got "${app.agentId}").`);
      return {
        ...common,
        corpId: app.corpId,
        agentId: app.agentId === undefined ? undefined : String(app.agentId),
        receiveId: app.corpId,
        verifyReceiveId: app.corpId,
      };
    }
  }
}

/**
 * A data callback's receiveid is the authorising corp's CorpID (PROTOCOL.md §1.5). The list is copied
 * into a Set, so a later change to the caller's array does not widen it; a predicate must say `true`.
 */
function authCorpCheck(allowed: unknown, fail: (o: string, p: string) => never): ReceiveIdCheck {
  const problem = 'is required: the CorpIDs allowed to post data callbacks here, as an array of strings or a predicate (corpId) => boolean.';
  if (typeof allowed === 'function') {
    const predicate = allowed as (corpId: string) => unknown;
    return (corpId) => corpId !== '' && predicate(corpId) === true;
  }
  if (!Array.isArray(allowed) || allowed.some((id) => typeof id !== 'string' || id.trim() === '')) return fail('authCorpIds', problem);
  if (allowed.length === 0) return fail('authCorpIds', `is empty, so every data callback would be refused. ${problem}`);
  const set = new Set<string>(allowed);
  return (corpId) => set.has(corpId);
}

function requireString(value: unknown, option: string, fail: (o: string, p: string) => never, problem: string): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') fail(option, problem);
}

function resolveTolerance(value: number | false | undefined): number | false {
  if (value === undefined) return DEFAULT_TIMESTAMP_TOLERANCE_SECONDS;
  if (value === false) return false;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new WeComConfigError(
      `WeComModule: option "timestampToleranceSeconds" must be a positive number of seconds or false (got ${String(value)}).`,
    );
  }
  return value;
}

function resolveBodyLimit(value: number | undefined): number {
  if (value === undefined) return DEFAULT_BODY_LIMIT_BYTES;
  if (!Number.isInteger(value) || value < 1024) {
    throw new WeComConfigError(`WeComModule: option "bodyLimit" must be a whole number of bytes ≥ 1024 (got ${String(value)}).`);
  }
  return value;
}

/** `wecom/callback/` → `/wecom/callback`: the form Express and Fastify both match exactly. */
export function normalizePath(path: string): string {
  const trimmed = path.trim().replace(/\/+$/, '');
  return trimmed.startsWith('/') ? trimmed || '/' : `/${trimmed}`;
}

function assertUnique(apps: ResolvedApp[], key: 'name' | 'path'): void {
  const seen = new Map<string, string>();
  for (const app of apps) {
    const other = seen.get(app[key]);
    if (other !== undefined) {
      throw new WeComConfigError(
        `WeComModule: apps "${other}" and "${app.name}" have the same ${key} "${app[key]}"; each app needs its own ${key}.`,
      );
    }
    seen.set(app[key], app.name);
  }
}
