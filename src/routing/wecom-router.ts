import { Injectable } from '@nestjs/common';
import type { ResolvedApp } from '../config/resolved-app.js';
import { WeComConfigError } from '../errors/wecom-config.error.js';
import type { RegisteredHandler } from './registered-handler.js';
import { kindsHeardBy } from './route-key.js';
import { RouteTable, type RouteMatch } from './route-table.js';

/** Holds one RouteTable per app. A handler without `app` is added to every app's table. */
@Injectable()
export class WeComRouter {
  private tables = new Map<string, RouteTable>();

  build(apps: readonly ResolvedApp[], handlers: readonly RegisteredHandler[]): void {
    const tables = new Map(apps.map((app) => [app.name, new RouteTable(app.kind)]));
    for (const handler of handlers) {
      const appName = handler.metadata.app;
      if (appName === undefined) {
        for (const table of tables.values()) table.add(handler);
        continue;
      }
      const table = tables.get(appName);
      if (!table) {
        throw new WeComConfigError(
          `WeComModule: ${handler.id} listens to app "${appName}", but the configured apps are: ${[...tables.keys()].map((n) => `"${n}"`).join(', ')}.`,
        );
      }
      const kind = apps.find((app) => app.name === appName)!.kind;
      const heard = kindsHeardBy(handler.metadata);
      if (!heard.includes(kind)) {
        throw new WeComConfigError(
          `WeComModule: ${handler.id} listens to app "${appName}", a "${kind}" app, but its decorator only hears ${heard.map((k) => `"${k}"`).join(', ')} apps.`,
        );
      }
      table.add(handler);
    }
    this.tables = tables;
  }

  match(app: string, payload: Record<string, unknown>): RouteMatch[] {
    return this.tables.get(app)?.match(payload) ?? [];
  }

  /** Number of routes per app, for the boot log. */
  summary(): Record<string, number> {
    return Object.fromEntries([...this.tables].map(([name, table]) => [name, table.size]));
  }
}
