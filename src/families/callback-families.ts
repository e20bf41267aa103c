import { Injectable } from '@nestjs/common';
import type { WeComAppKind } from '../apps/app-kind.js';
import type { WeComHandlerMetadata } from '../decorators/wecom-handler-metadata.js';
import { AppFamily } from './app/app.family.js';
import { BotFamily } from './bot/bot.family.js';
import type { CallbackFamily } from './callback-family.js';
import { SuiteDataFamily } from './suite-data/suite-data.family.js';
import { SuiteFamily } from './suite/suite.family.js';

/** The family object of each app kind. Asked once per app, at boot; the request path never asks again. */
@Injectable()
export class CallbackFamilies {
  private readonly byKind: Readonly<Record<WeComAppKind, CallbackFamily>>;

  constructor(app: AppFamily, suiteData: SuiteDataFamily, suite: SuiteFamily, bot: BotFamily) {
    this.byKind = { app, 'suite-data': suiteData, suite, bot };
  }

  for(kind: WeComAppKind): CallbackFamily {
    return this.byKind[kind];
  }

  /** The kinds whose callbacks can reach a handler with this decorator (for boot errors). */
  kindsHearing(metadata: WeComHandlerMetadata): WeComAppKind[] {
    return Object.values(this.byKind)
      .filter((family) => family.routeOf(metadata) !== undefined)
      .map((family) => family.kind);
  }
}
