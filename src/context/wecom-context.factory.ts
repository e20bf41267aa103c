import { Injectable } from '@nestjs/common';
import type { ResolvedApp } from '../apps/resolved-app.js';
import type { WeComContext } from './wecom-context.js';

/** What a callback proved about itself: the signed query fields, and what its ciphertext held. */
export interface VerifiedDelivery {
  /** The decrypted plaintext exactly as WeCom sent it: XML, or JSON for AI bots. */
  readonly plaintext: string;
  /** The trailing id found inside the ciphertext, already accepted by the app's receiveId check. */
  readonly receiveId: string;
  readonly timestamp: string;
  readonly nonce: string;
  readonly signature: string;
}

/**
 * The one place a handler's `ctx` is built, for inline runs and for durable jobs alike: add a field
 * to WeComContext here (and only here). `authCorpId` comes from the family: a data callback's
 * receiveid is the authorising corp (PROTOCOL.md §1.5), known only after decryption.
 */
@Injectable()
export class WeComContextFactory {
  create(app: ResolvedApp, delivery: VerifiedDelivery, authCorpId: string | undefined): WeComContext {
    return {
      app: app.name,
      kind: app.kind,
      corpId: app.corpId,
      agentId: app.agentId,
      suiteId: app.suiteId,
      authCorpId,
      rawXml: delivery.plaintext,
      receiveId: delivery.receiveId,
      timestamp: delivery.timestamp,
      nonce: delivery.nonce,
      signature: delivery.signature,
    };
  }
}
