import type { WeComAppKind } from '../apps/app-kind.js';
import type { ResolvedApp } from '../apps/resolved-app.js';
import { WeComCrypto, type ReceiveIdCheck } from '../crypto/wecom-crypto.js';
import { DEFAULT_APP_NAME, DEFAULT_CALLBACK_PATH } from '../wecom.constants.js';
import type { ConfigProblems } from '../errors/config-problems.js';
import {
  AGENT_ID_PAGE,
  CALLBACK_SETTINGS_PAGE,
  CALLBACK_URL_PAGE,
  CORP_ID_PAGE,
  PROVIDER_CORP_ID_PAGE,
  SUITE_ID_PAGE,
} from './console-hints.js';
import { describeCharacter, firstNonAlphanumeric } from './describe-character.js';
import type { WeComAnyAppOptions, WeComModuleOptions } from './wecom-options.interface.js';

const KINDS: readonly WeComAppKind[] = ['app', 'suite', 'suite-data', 'bot'];
const ENCODING_AES_KEY_LENGTH = 43;

/** What every app shares: the module-wide options after validation. */
export interface SharedAppSettings {
  readonly timestampToleranceSeconds: number | false;
  readonly bodyLimit: number;
  readonly bodyReadTimeoutMs: number;
}

/**
 * Validates every app of the options and builds each one's crypto. Problems go to `problems`, all of
 * them (an app with three mistakes reports three); an app with a problem is left out of the result.
 */
export function resolveApps(options: WeComModuleOptions, shared: SharedAppSettings, problems: ConfigProblems): ResolvedApp[] {
  const apps: WeComAnyAppOptions[] = options.apps
    ? options.apps
    : // `durable` of the single-app form is the module's queue option, not the app's boolean default.
      [{ ...options, durable: undefined, name: DEFAULT_APP_NAME, path: options.path ?? DEFAULT_CALLBACK_PATH }];
  if (!Array.isArray(apps) || apps.length === 0) {
    problems.add(undefined, 'apps', 'must be a non-empty array of { name, path, corpId, token, encodingAESKey } (or use the single-app form).');
    return [];
  }
  const resolved: ResolvedApp[] = [];
  apps.forEach((app, index) => {
    const before = problems.count;
    const result = resolveApp(app, index, shared, problems);
    if (result && problems.count === before) resolved.push(result);
  });
  assertUnique(resolved, 'name', problems);
  assertUnique(resolved, 'path', problems);
  return resolved;
}

function resolveApp(app: WeComAnyAppOptions, index: number, shared: SharedAppSettings, problems: ConfigProblems): ResolvedApp | undefined {
  if (typeof app !== 'object' || app === null) {
    problems.add(`apps[${index}]`, 'apps', `must hold objects { name, path, corpId, token, encodingAESKey } (got ${typeof app}).`);
    return undefined;
  }
  const scope = typeof app.name === 'string' && app.name.trim() !== '' ? `app "${app.name}"` : `apps[${index}]`;
  const fail = (option: string, problem: string) => problems.add(scope, option, problem);

  const declaredKind: unknown = app.kind ?? 'app';
  const kindIsKnown = KINDS.includes(declaredKind as WeComAppKind);
  if (!kindIsKnown) fail('kind', `must be one of ${KINDS.map((k) => `"${k}"`).join(', ')} (got ${JSON.stringify(declaredKind)}).`);
  // With an unknown kind the other checks still run, worded for a self-built app.
  const kind: WeComAppKind = kindIsKnown ? (declaredKind as WeComAppKind) : 'app';
  const settingsPage = CALLBACK_SETTINGS_PAGE[kind];

  if (typeof app.name !== 'string' || app.name.trim() === '') fail('name', 'is required: a non-empty string; handlers pick the app with { app: name }.');
  const pathIsSet = typeof app.path === 'string' && app.path.trim() !== '';
  if (!pathIsSet) fail('path', `is required, e.g. "/wecom/callback". ${CALLBACK_URL_PAGE[kind]}`);
  const tokenIsValid = checkToken(app.token, settingsPage, fail);
  const keyIsValid = checkEncodingAESKey(app.encodingAESKey, settingsPage, fail);
  const ids = resolveIds(app, kind, fail);
  if (!kindIsKnown || !pathIsSet || !tokenIsValid || !keyIsValid || !ids) return undefined;

  let crypto: WeComCrypto;
  try {
    crypto = new WeComCrypto({ token: app.token, encodingAESKey: app.encodingAESKey });
  } catch (error) {
    // Unreachable after the checks above; kept so that a new rule in the crypto still names the option.
    fail('encodingAESKey', `is not a valid key: ${error instanceof Error ? error.message : String(error)}. ${settingsPage}`);
    return undefined;
  }
  return { kind, name: app.name, path: normalizePath(app.path), crypto, ...shared, ...ids };
}

type Fail = (option: string, problem: string) => void;
type AppIds = Pick<ResolvedApp, 'corpId' | 'suiteId' | 'agentId' | 'receiveId' | 'verifyReceiveId'>;

/** The ids of each kind, and what its ciphertexts' receiveid must be (PROTOCOL.md §1.5). */
function resolveIds(app: WeComAnyAppOptions, kind: WeComAppKind, fail: Fail): AppIds | undefined {
  switch (kind) {
    case 'suite': {
      const { suiteId } = app as { suiteId?: unknown };
      if (!isText(suiteId)) {
        fail('suiteId', `is required: ${SUITE_ID_PAGE}`);
        return undefined;
      }
      // Instruction callbacks (POST) end with the SuiteID. For the URL check (GET) WeCom's own answers
      // disagree: the SuiteID, or the provider's CorpID (EasyWeChat's OpenWork decrypts it so). With the
      // provider's corpId configured, accept either there (PROTOCOL.md §7.4); the POST stays strict.
      const { corpId: providerCorpId } = app as { corpId?: unknown };
      if (providerCorpId !== undefined && !isText(providerCorpId)) fail('corpId', "must be the service provider's own CorpID (服务商信息 › 基本信息), a non-empty string.");
      const verifyReceiveId = isText(providerCorpId) ? (id: string) => id === suiteId || id === providerCorpId : suiteId;
      return { corpId: '', suiteId, receiveId: suiteId, verifyReceiveId };
    }
    case 'suite-data': {
      const { corpId, authCorpIds } = app as { corpId?: unknown; authCorpIds?: unknown };
      if (!isText(corpId)) fail('corpId', `is required: ${PROVIDER_CORP_ID_PAGE}`);
      const receiveId = authCorpCheck(authCorpIds, fail);
      return isText(corpId) && receiveId ? { corpId, receiveId, verifyReceiveId: corpId } : undefined;
    }
    case 'bot':
      // "企业内部智能机器人场景中，ReceiveId为\"\"" (§5.1), compared strictly: '' must equal ''.
      return { corpId: '', receiveId: '', verifyReceiveId: '' };
    default: {
      const { corpId, agentId } = app as { corpId?: unknown; agentId?: unknown };
      if (!isText(corpId)) fail('corpId', `is required: ${CORP_ID_PAGE}`);
      const agentIdIsValid = agentId === undefined || /^\d+$/.test(String(agentId));
      if (!agentIdIsValid) fail('agentId', `must be a number (got ${JSON.stringify(String(agentId)).slice(0, 40)}): ${AGENT_ID_PAGE}`);
      if (!isText(corpId) || !agentIdIsValid) return undefined;
      return { corpId, agentId: agentId === undefined ? undefined : String(agentId), receiveId: corpId, verifyReceiveId: corpId };
    }
  }
}

/** The callback Token: 1-32 letters or digits. A secret, so only the offending character is quoted. */
function checkToken(token: unknown, page: string, fail: Fail): token is string {
  if (!isText(token)) {
    fail('token', `is required. ${page}`);
    return false;
  }
  if (token.length > 32) {
    fail('token', `must be at most 32 letters or digits (got ${token.length} characters). ${page}`);
    return false;
  }
  const bad = firstNonAlphanumeric(token);
  if (bad !== -1) {
    fail('token', `must be letters and digits only: character ${bad + 1} of ${token.length} is ${describeCharacter(token, bad)}. ${page}`);
    return false;
  }
  return true;
}

/** The EncodingAESKey: exactly 43 letters or digits (PROTOCOL.md §1.1). A secret: one character at most is quoted. */
function checkEncodingAESKey(key: unknown, page: string, fail: Fail): key is string {
  if (!isText(key)) {
    fail('encodingAESKey', `is required. ${page}`);
    return false;
  }
  if (key.length !== ENCODING_AES_KEY_LENGTH) {
    const why =
      key.trim().length === ENCODING_AES_KEY_LENGTH
        ? `it has whitespace around it: ${key.length} characters, ${ENCODING_AES_KEY_LENGTH} without`
        : `got ${key.length}`;
    fail('encodingAESKey', `must be exactly ${ENCODING_AES_KEY_LENGTH} characters (${why}). ${page}`);
    return false;
  }
  const bad = firstNonAlphanumeric(key);
  if (bad !== -1) {
    fail('encodingAESKey', `must be letters and digits only: character ${bad + 1} of ${ENCODING_AES_KEY_LENGTH} is ${describeCharacter(key, bad)}. ${page}`);
    return false;
  }
  return true;
}

/**
 * A data callback's receiveid is the authorising corp's CorpID (PROTOCOL.md §1.5). The list is copied
 * into a Set, so a later change to the caller's array does not widen it; a predicate must say `true`.
 */
function authCorpCheck(allowed: unknown, fail: Fail): ReceiveIdCheck | undefined {
  const what =
    'the CorpIDs allowed to post data callbacks here (each corp that installed your app; its CorpID arrives as ' +
    'AuthCorpId in the create_auth instruction callback), as an array of strings or a predicate (corpId) => boolean.';
  if (typeof allowed === 'function') {
    const predicate = allowed as (corpId: string) => unknown;
    return (corpId) => corpId !== '' && predicate(corpId) === true;
  }
  if (!Array.isArray(allowed) || allowed.some((id) => !isText(id))) {
    fail('authCorpIds', `is required: ${what}`);
    return undefined;
  }
  if (allowed.length === 0) {
    fail('authCorpIds', `is empty, so every data callback would be refused. List ${what}`);
    return undefined;
  }
  const set = new Set<string>(allowed);
  return (corpId) => set.has(corpId);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** `wecom/callback/` → `/wecom/callback`: the form Express and Fastify both match exactly. */
export function normalizePath(path: string): string {
  const trimmed = path.trim().replace(/\/+$/, '');
  return trimmed.startsWith('/') ? trimmed || '/' : `/${trimmed}`;
}

function assertUnique(apps: readonly ResolvedApp[], key: 'name' | 'path', problems: ConfigProblems): void {
  const seen = new Map<string, string>();
  for (const app of apps) {
    const other = seen.get(app[key]);
    if (other !== undefined) {
      problems.addGeneral(`apps "${other}" and "${app.name}" have the same ${key} "${app[key]}"; each app needs its own ${key}.`);
    }
    seen.set(app[key], app.name);
  }
}
