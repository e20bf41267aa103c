import { Injectable } from '@nestjs/common';
import type { WeComAppKind } from '../../apps/app-kind.js';
import { AppFamily } from '../app/app.family.js';
import type { InboundCallback } from '../inbound-callback.js';

/**
 * The data callbacks of third-party suites and 代开发 apps (数据回调 / 应用回调): app callbacks in XML,
 * posted on behalf of each authorising corp. That corp is the ciphertext's receiveid (PROTOCOL.md §1.5),
 * known only after decryption: it becomes `ctx.authCorpId`, and the reply is sent from it.
 */
@Injectable()
export class SuiteDataFamily extends AppFamily {
  override readonly kind: WeComAppKind = 'suite-data';

  override authCorpIdOf(receiveId: string): string {
    return receiveId;
  }

  protected override replySender({ ctx, app }: InboundCallback): string {
    return ctx.authCorpId ?? app.corpId;
  }
}
