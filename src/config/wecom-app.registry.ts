import { Injectable } from '@nestjs/common';
import type { ResolvedApp } from './resolved-app.js';
import { resolveApps } from './resolve-apps.js';
import type { WeComModuleOptions } from './wecom-options.interface.js';

/** The configured apps after validation; also the runtime API to look them up. */
@Injectable()
export class WeComAppRegistry {
  private apps: ResolvedApp[] = [];

  load(options: WeComModuleOptions): ResolvedApp[] {
    this.apps = resolveApps(options);
    return this.apps;
  }

  list(): readonly ResolvedApp[] {
    return this.apps;
  }

  get(name: string): ResolvedApp | undefined {
    return this.apps.find((app) => app.name === name);
  }
}
