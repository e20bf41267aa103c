import { Module } from '@nestjs/common';
import { WeComModule } from '../src/index.js';
import { sampleBotSettings, sampleSettings } from './demo-settings.js';
import { SampleBot } from './sample-bot.handlers.js';
import { SampleHandlers } from './sample.handlers.js';

const settings = sampleSettings();
const bot = sampleBotSettings();

/** A self-built app on /wecom/callback and an AI bot on /wecom/bot. */
@Module({
  imports: [
    WeComModule.forRoot({
      apps: [
        {
          name: 'default',
          path: '/wecom/callback',
          corpId: settings.corpId,
          token: settings.token,
          encodingAESKey: settings.encodingAESKey,
          agentId: settings.agentId,
        },
        { kind: 'bot', name: 'bot', path: '/wecom/bot', token: bot.token, encodingAESKey: bot.encodingAESKey },
      ],
    }),
  ],
  providers: [SampleHandlers, SampleBot],
})
export class SampleAppModule {}
