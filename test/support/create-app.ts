import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { WeComModule, type WeComModuleOptions } from '../../src/index.js';

/** A real Nest (Express) application with WeComModule and the given providers, initialised. */
export async function createWeComApp(
  options: WeComModuleOptions,
  metadata: ModuleMetadata = {},
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    ...metadata,
    imports: [WeComModule.forRoot(options), ...(metadata.imports ?? [])],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}
