import { Inject, Injectable } from '@nestjs/common';
import type { ResolvedApp } from './resolved-app.js';
import { WECOM_APPS } from './wecom-apps.token.js';

/** The configured apps after validation: the runtime API to look them up (inject it anywhere). */
@Injectable()
export class WeComAppRegistry {
  private readonly byName: ReadonlyMap<string, ResolvedApp>;
  private readonly mountedPaths = new Map<string, string>();

  constructor(@Inject(WECOM_APPS) private readonly apps: readonly ResolvedApp[]) {
    this.byName = new Map(apps.map((app) => [app.name, app]));
  }

  list(): readonly ResolvedApp[] {
    return this.apps;
  }

  get(name: string): ResolvedApp | undefined {
    return this.byName.get(name);
  }

  /**
   * The URL path an app's callbacks are served on: its `path`, behind the global prefix when the
   * `useGlobalPrefix` option is on. Known once the Nest app is initialised (`app.init()` / `listen()`),
   * because `setGlobalPrefix` is called after the module is built; before that, the configured path.
   */
  callbackPath(name: string): string | undefined {
    return this.mountedPaths.get(name) ?? this.byName.get(name)?.path;
  }

  /** Called by the route registrar when it mounts an app's routes. */
  recordMountedPath(name: string, path: string): void {
    this.mountedPaths.set(name, path);
  }
}
