import type { WeComApiOptions } from './api-options.js';
import { resolveApiApps, type ApiApp, type RawModuleOptions } from './api-apps.js';
import type { KfCursorStore } from './kf/kf-cursor.store.js';
import { MemoryKfCursorStore } from './kf/memory-kf-cursor.store.js';
import { resolveApiOptions, type ResolvedApiOptions } from './resolve-api-options.js';
import { MemoryPermanentCodeStore } from './suite/memory-permanent-code.store.js';
import type { PermanentCodeStore } from './suite/permanent-code.store.js';

/** The active API's part of the configuration, validated once when Nest builds the module. */
export interface ApiSettings {
  readonly options: ResolvedApiOptions;
  /** Every app's API credentials, by app name. Internal: it holds secrets, so it is not on the public registry. */
  readonly apps: ReadonlyMap<string, ApiApp>;
  readonly permanentCodes: PermanentCodeStore;
  readonly kfCursors: KfCursorStore;
}

/** The injection token of the ApiSettings provider. */
export const API_SETTINGS = Symbol('WeComApiSettings');

export function resolveApiSettings(options: RawModuleOptions & { api?: WeComApiOptions }): ApiSettings {
  return {
    options: resolveApiOptions(options?.api),
    apps: resolveApiApps(options),
    permanentCodes: options?.api?.permanentCodeStore ?? new MemoryPermanentCodeStore(),
    kfCursors: options?.api?.kfCursorStore ?? new MemoryKfCursorStore(),
  };
}
