import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test, type TestingModule } from '@nestjs/testing';
import { WeComModule, type WeComModuleOptions } from '../../src/index.js';

/** Both Nest HTTP platforms; e2e specs run once per platform with `describe.each(PLATFORMS)`. */
export const PLATFORMS = ['express', 'fastify'] as const;
export type Platform = (typeof PLATFORMS)[number];

/**
 * Initialises a compiled testing module as a real HTTP application on `platform`. Fastify registers
 * plugins (our encapsulated callback routes among them) at `ready()`, which `listen()` would call.
 */
export async function initApp(moduleRef: TestingModule, platform: Platform = 'express'): Promise<INestApplication> {
  const app = newApp(moduleRef, platform);
  await app.init();
  if (platform === 'fastify') await (app.getHttpAdapter().getInstance() as { ready(): Promise<unknown> }).ready();
  return app;
}

/** The application on `platform`, not yet initialised (for specs that expect init() to fail). */
export function newApp(moduleRef: TestingModule, platform: Platform = 'express'): INestApplication {
  return platform === 'fastify'
    ? moduleRef.createNestApplication(new FastifyAdapter(), { logger: false })
    : moduleRef.createNestApplication({ logger: false });
}

/** A real Nest application on `platform` with WeComModule and the given providers, initialised. */
export async function createWeComApp(
  options: WeComModuleOptions,
  metadata: ModuleMetadata = {},
  platform: Platform = 'express',
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    ...metadata,
    imports: [WeComModule.forRoot(options), ...(metadata.imports ?? [])],
  }).compile();
  return initApp(moduleRef, platform);
}
