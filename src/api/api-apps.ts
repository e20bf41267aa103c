import { WeComConfigError } from '../errors/wecom-config.error.js';
import { DEFAULT_APP_NAME } from '../wecom.constants.js';

/** The app kinds (apps/app-kind.ts), spelled out here so that api/ imports nothing above it. */
type ApiAppKind = 'app' | 'suite' | 'suite-data' | 'bot';

/** The module options as far as the active API reads them (the single-app form, or `apps`). */
export type RawModuleOptions = { apps?: readonly unknown[] } & object;

/** One app as the active API sees it: what its tokens need. */
export interface ApiApp {
  readonly name: string;
  readonly kind: ApiAppKind;
  readonly corpId?: string;
  readonly agentId?: string;
  readonly secret?: string;
  readonly suiteId?: string;
  readonly suiteSecret?: string;
  readonly providerSecret?: string;
  /** suite-data: the name of its suite app. */
  readonly suite?: string;
}

type RawApp = Record<string, unknown>;

/**
 * Reads the active-API fields of every app from the module options and checks them at boot. The
 * callback fields (token, keys, paths) are checked by config/resolve-apps.ts.
 */
export function resolveApiApps(options: RawModuleOptions): Map<string, ApiApp> {
  const raw: RawApp[] = options.apps ? (options.apps as unknown as RawApp[]) : [{ ...(options as unknown as RawApp), name: DEFAULT_APP_NAME }];
  const apps = new Map<string, ApiApp>();
  for (const app of raw) {
    const name = String(app.name);
    const kind = (app.kind ?? 'app') as ApiAppKind;
    const text = (field: string): string | undefined => {
      const value = app[field];
      if (value === undefined) return undefined;
      if (typeof value !== 'string' || value.trim() === '') {
        throw new WeComConfigError(`WeComModule: app "${name}": option "${field}" must be a non-empty string (got ${value === '' ? 'an empty string' : typeof value}).`);
      }
      return value;
    };
    const misplaced = (field: string, where: string) => {
      if (app[field] !== undefined) throw new WeComConfigError(`WeComModule: app "${name}" (kind "${kind}"): option "${field}" belongs on ${where}.`);
    };
    switch (kind) {
      case 'suite':
        misplaced('secret', "an app of kind 'app' (a suite has suiteSecret)");
        apps.set(name, { name, kind, suiteId: text('suiteId'), suiteSecret: text('suiteSecret'), corpId: text('corpId'), providerSecret: text('providerSecret') });
        break;
      case 'suite-data':
        misplaced('secret', "an app of kind 'app'");
        misplaced('suiteSecret', "the 'suite' app");
        apps.set(name, { name, kind, corpId: text('corpId'), suite: text('suite') });
        break;
      case 'bot':
        misplaced('secret', "an app of kind 'app' (AI bots in callback mode have no access token)");
        apps.set(name, { name, kind });
        break;
      default:
        misplaced('suiteSecret', "a 'suite' app");
        apps.set(name, { name, kind: 'app', corpId: text('corpId'), agentId: app.agentId === undefined ? undefined : String(app.agentId), secret: text('secret') });
    }
  }
  for (const app of apps.values()) {
    if (app.kind !== 'suite-data') continue;
    const suites = [...apps.values()].filter((other) => other.kind === 'suite');
    if (app.suite !== undefined) {
      const named = apps.get(app.suite);
      if (!named || named.kind !== 'suite') {
        throw new WeComConfigError(`WeComModule: app "${app.name}": option "suite" must name a 'suite' app (got "${app.suite}"; suite apps: ${suites.map((s) => `"${s.name}"`).join(', ') || 'none'}).`);
      }
    } else if (suites.length === 1) {
      apps.set(app.name, { ...app, suite: suites[0].name });
    }
  }
  return apps;
}
