import { Module } from '@nestjs/common';
import { WeComModule } from '../src/index.js';
import { sampleSettings } from './demo-settings.js';
import { SampleHandlers } from './sample.handlers.js';

const settings = sampleSettings();

@Module({
  imports: [
    WeComModule.forRoot({
      corpId: settings.corpId,
      token: settings.token,
      encodingAESKey: settings.encodingAESKey,
      agentId: settings.agentId,
      path: '/wecom/callback',
    }),
  ],
  providers: [SampleHandlers],
})
export class SampleAppModule {}
