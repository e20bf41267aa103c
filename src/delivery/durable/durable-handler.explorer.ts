import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { ResolvedApp } from '../../apps/resolved-app.js';
import type { WeComHandlerMetadata } from '../../decorators/wecom-handler-metadata.js';
import { WeComConfigError } from '../../errors/wecom-config.error.js';
import { WeComHandlerMetadataAccessor } from '../../routing/handler-metadata.accessor.js';
import { CallbackFamilies } from '../../families/callback-families.js';
import type { DurablePolicy } from './durable-policy.js';

/** The durable handlers of each app, as found at boot: `ClassName.method` ids. */
export type DurableHandlersByApp = ReadonlyMap<string, readonly string[]>;

/**
 * The explorer half of the durable machinery: reads the WeCom decorators at boot (metadata only; the
 * router already built the invokers) and refuses combinations that cannot work, before any traffic.
 */
@Injectable()
export class DurableHandlerExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly accessor: WeComHandlerMetadataAccessor,
    private readonly families: CallbackFamilies,
  ) {}

  explore(apps: readonly ResolvedApp[], policy: DurablePolicy): DurableHandlersByApp {
    const byApp = new Map<string, string[]>();
    for (const { id, metadata } of this.decorated()) {
      if (metadata.durable === true && !policy.active) {
        throw new WeComConfigError(
          `WeComModule: ${id} is declared { durable: true }, but the module has no durable queue: add the option durable: { url: "redis://…" } (and npm install bullmq ioredis), or drop durable.`,
        );
      }
      if (metadata.kind === 'bot-message' && metadata.msgtype === 'stream' && metadata.durable === true) {
        throw new WeComConfigError(
          `WeComModule: ${id} handles AI bot stream refresh polls, which must be answered passively within 5 s (PROTOCOL.md §5.1); it cannot be durable.`,
        );
      }
      const heard = this.families.kindsHearing(metadata);
      for (const app of apps) {
        if (metadata.app !== undefined ? metadata.app !== app.name : !heard.includes(app.kind)) continue;
        if (!policy.isDurable(metadata, app.name)) continue;
        const list = byApp.get(app.name) ?? [];
        if (!list.includes(id)) list.push(id);
        byApp.set(app.name, list);
      }
    }
    return byApp;
  }

  private *decorated(): Generator<{ id: string; metadata: WeComHandlerMetadata }> {
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      const { instance } = wrapper;
      if (!instance || typeof instance !== 'object' || wrapper.isAlias) continue;
      const prototype = Object.getPrototypeOf(instance);
      if (!prototype) continue;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        for (const metadata of this.accessor.getHandlerMetadata(prototype[methodName])) {
          yield { id: `${instance.constructor?.name ?? 'Anonymous'}.${methodName}`, metadata };
        }
      }
    }
  }
}
