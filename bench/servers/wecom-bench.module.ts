import { Injectable, Module } from '@nestjs/common';
import { OnWeComEvent, OnWeComMessage, WeComModule, type ChangeContactUpdateUser, type TextMessage } from '../../src/index.js';
import { BENCH_APP } from '../support/bench-settings.mjs';

/** Handler runs in this process: a duplicate answered from the dedup record does not count (the bench checks for 0 repeats). */
export const benchHandled = { count: 0 };

/** The handlers a real app would have for the two scenarios: an echo, and a contact-sync listener. */
@Injectable()
class BenchHandlers {
  updates = 0;

  @OnWeComMessage('text')
  echo(message: TextMessage): string {
    benchHandled.count++;
    return `echo: ${message.Content}`;
  }

  @OnWeComEvent('change_contact', 'update_user')
  userUpdated(event: ChangeContactUpdateUser): void {
    benchHandled.count++;
    // Touch the payload the way a contact sync would, without I/O.
    if (event.UserID && event.ExtAttr?.Item?.length) this.updates++;
  }
}

/** nestjs-wecom with the module's defaults (deduplication and all), imported from source. */
@Module({
  imports: [
    WeComModule.forRoot({
      corpId: BENCH_APP.corpId,
      token: BENCH_APP.token,
      encodingAESKey: BENCH_APP.encodingAESKey,
      agentId: BENCH_APP.agentId,
      path: BENCH_APP.path,
      // Only for comparing what deduplication costs: BENCH_DEDUP=off npm run bench -- --scenarios=micro
      ...(process.env.BENCH_DEDUP === 'off' ? { dedup: false as const } : {}),
      ...(process.env.BENCH_ACK === 'off' ? { ackTimeoutMs: false as const } : {}),
    }),
  ],
  providers: [BenchHandlers],
})
export class WeComBenchModule {}
