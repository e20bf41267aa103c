import { Inject, Injectable, Optional } from '@nestjs/common';
import type { ResolvedApp } from '../apps/resolved-app.js';
import { WECOM_CLIENT_RESOLVER, type WeComClientResolver } from './wecom-client-resolver.js';
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
  constructor(@Optional() @Inject(WECOM_CLIENT_RESOLVER) private readonly clients?: WeComClientResolver) {}

  create(app: ResolvedApp, delivery: VerifiedDelivery, authCorpId: string | undefined): WeComContext {
    const ctx = {
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
    } as Omit<WeComContext, 'client'>;
    // Not enumerable: logging or serialising a context does not walk the client (issue 12).
    const client = this.clients?.forCallback(app.name, authCorpId);
    return Object.defineProperty(ctx, 'client', { value: client, enumerable: false }) as WeComContext;
  }
}
