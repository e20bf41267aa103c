import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SampleAppModule } from './app.module.js';
import { sampleSettings } from './demo-settings.js';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(SampleAppModule);
  app.enableShutdownHooks();
  const port = Number(process.env.PORT) || 3000;
  await app.listen(port, '0.0.0.0');
  const logger = new Logger('Sample');
  const settings = sampleSettings();
  logger.log(`WeCom callback URL: http://localhost:${port}/wecom/callback`);
  if (settings.usingDemo) {
    logger.log('Using the demo settings from WeCom\'s documentation (set WECOM_CORP_ID, WECOM_TOKEN, WECOM_AES_KEY, WECOM_AGENT_ID for a real app).');
    logger.log('Try it from another terminal: npx nestjs-wecom send text hello');
  }
}

void bootstrap();
