// The only public surface of nestjs-wecom. Anything not exported here is internal.

export { WeComModule } from './wecom.module.js';
export { WECOM_MODULE_OPTIONS } from './wecom.module-definition.js';
export type {
  WeComAppOptions,
  WeComCommonOptions,
  WeComModuleOptions,
  WeComMultiAppOptions,
  WeComSingleAppOptions,
} from './config/wecom-options.interface.js';
export { WeComConfigError } from './errors/wecom-config.error.js';
export { WeComDecoratorError } from './errors/wecom-decorator.error.js';
export { WeComAppRegistry } from './apps/wecom-app.registry.js';
export type { ResolvedApp } from './apps/resolved-app.js';

export { OnWeComEvent } from './decorators/on-wecom-event.decorator.js';
export { OnWeComMessage } from './decorators/on-wecom-message.decorator.js';
export type { WeComHandlerMetadata, WeComHandlerOptions } from './decorators/wecom-handler-metadata.js';
export type { WeComContext } from './context/wecom-context.js';

export { WeComReply, MAX_NEWS_ARTICLES, type NewsArticle, type TemplateCardUpdate } from './families/app/wecom-reply.js';
export type { WeComHandlerResult } from './families/app/reply-plaintext.builder.js';

export { WeComErrorCode } from './errors/wecom-error-codes.js';
export { WeComProtocolError } from './errors/wecom-protocol.error.js';

// Crypto, public so users can sign and encrypt in their own tools and tests.
export { deriveAesKey } from './crypto/aes-key.js';
export { computeSignature, signatureMatches } from './crypto/signature.js';
export { encryptMessage, decryptMessage, type DecryptedMessage } from './crypto/message-cipher.js';
export { WeComCrypto, type ReceiveIdCheck } from './crypto/wecom-crypto.js';

export { parseCallbackXml } from './xml/callback-xml.parser.js';
export { toXml } from './xml/xml-writer.js';

export * from './types/index.js';

// Handlers as Nest handlers (issue 7): execution context 'wecom', parameter decorators, typed decorators.
export { WECOM_CONTEXT_TYPE, type WeComContextType } from './execution/wecom-context-type.js';
export { WeComArgumentsHost } from './execution/wecom-arguments-host.js';
export { WeComExecutionContext } from './execution/wecom-execution-context.js';
export { WeComPayload, WeComCtx, WeComApp } from './execution/wecom-param.decorators.js';
export { WeComGuardDenial } from './execution/guard-denial.js';
export type { WeComHandlerDecorator } from './decorators/wecom-handler-decorator.js';
// Callback families (issue 6): third-party suites, 代开发, AI bots; Fastify support is internal.
export type {
  WeComAnyAppOptions,
  WeComBotOptions,
  WeComSuiteDataOptions,
  WeComSuiteOptions,
} from './config/wecom-options.interface.js';
export type { WeComAppKind } from './apps/app-kind.js';
export { OnWeComInfo, type WeComInfoPayload } from './decorators/on-wecom-info.decorator.js';
export { OnWeComBotMessage, type WeComBotMessagePayload } from './decorators/on-wecom-bot-message.decorator.js';
export { OnWeComBotEvent, type WeComBotEventPayload } from './decorators/on-wecom-bot-event.decorator.js';
export { WeComSuiteTickets } from './families/suite/wecom-suite-tickets.service.js';
export { SUITE_TICKET_STORE, SUITE_TICKET_TTL_SECONDS, type SuiteTicket, type SuiteTicketStore } from './families/suite/suite-ticket.store.js';
export { MemorySuiteTicketStore } from './families/suite/memory-suite-ticket.store.js';
export { RedisSuiteTicketStore, type SuiteTicketRedisClient } from './families/suite/redis-suite-ticket.store.js';
export { WeComBotReply, type BotTemplateCard } from './families/bot/wecom-bot-reply.js';
export { WeComBotStream, MAX_STREAM_CONTENT_BYTES, type BotStreamFrame } from './families/bot/wecom-bot-stream.js';
export type { WeComBotHandlerResult } from './families/bot/bot-reply.converter.js';
export type { WeComBotStreamOptions } from './config/wecom-options.interface.js';
export type { WeComBotStreamStore } from './families/bot/bot-stream.store.js';
export { MemoryBotStreamStore, type MemoryBotStreamStoreOptions } from './families/bot/memory-bot-stream.store.js';
export { RedisBotStreamStore, type RedisBotStreamStoreOptions, type BotStreamRedisClient } from './families/bot/redis-bot-stream.store.js';
export type { HandlerReply } from './families/handler-reply.js';
// Exactly-once delivery: deduplication of WeCom's retries and its stores.
export type { WeComDedupOptions } from './config/wecom-options.interface.js';
export type { WeComDedupStore } from './delivery/dedup/wecom-dedup-store.js';
export type { WeComDedupKeyFunction } from './delivery/dedup/dedup-key.js';
export type { WeComStoreFailurePolicy } from './delivery/delivery-settings.js';
export { MemoryDedupStore, type MemoryDedupStoreOptions } from './delivery/dedup/memory-dedup.store.js';
export { RedisDedupStore, type RedisDedupStoreOptions, type DedupRedisClient } from './delivery/dedup/redis-dedup.store.js';
// Durable hand-off: handlers run from a BullMQ queue, with retries, a failed set and replays.
export type { WeComDurableOptions, DurableRedisClient } from './config/wecom-options.interface.js';
export { WeComDurableCallbacks, type WeComFailedCallback, type WeComDurableCounts } from './delivery/durable/wecom-durable-callbacks.service.js';
export { WeComDurableQueueUnavailableError } from './errors/durable-queue-unavailable.error.js';
// Observability: diagnostics channels (no dependency) and OpenTelemetry span names.
export {
  WECOM_CHANNELS,
  type WeComChannelName,
  type WeComCallbackIdentity,
  type WeComReceivedMessage,
  type WeComRefusedMessage,
  type WeComDuplicateMessage,
  type WeComRunVia,
  type WeComHandledMessage,
  type WeComFailedMessage,
  type WeComAckedEarlyMessage,
  type WeComEnqueuedMessage,
  type WeComDeadLetteredMessage,
} from './observability/wecom-channels.js';
export { WECOM_SPANS } from './observability/wecom-tracer.js';
export { WeComHealthIndicator, type WeComHealthDetails, type WeComComponentHealth } from './health/wecom-health.indicator.js';
// The 503 answers of delivery.
export { WeComDeliveryUnavailableError, WeComCallbackInProgressError, WeComDurableHandoffError } from './errors/delivery-unavailable.error.js';
export { WeComDedupStoreUnavailableError } from './errors/dedup-store-unavailable.error.js';
// The active API (issue 12): clients, tokens shared across replicas, the 微信客服 and suite flows.
export { WeComClients } from './flows/wecom-clients.service.js';
export { WeComClient, type WeComClientContext, type WeComUploadData } from './api/client/wecom-client.js';
export type * from './api/client/api-types.js';
export type { WeComMedia } from './api/client/media-download.js';
export type { WeComApiOptions, WeComAppApiFields, WeComSuiteApiFields, WeComSuiteDataApiFields } from './api/api-options.js';
export { WeComMissingSecretError } from './api/api-runtime.js';
export { WeComApiError, WeComApiTransportError, type WeComTransportFailure } from './errors/wecom-api.error.js';
export { WECOM_API_ERROR_HINTS } from './errors/wecom-api-error-hints.js';
export type { WeComTokenStore, StoredToken, TokenInvalidation } from './api/tokens/wecom-token-store.js';
export type { WeComTokenKind, TokenFetchReason } from './api/tokens/token-source.js';
export type { WeComTokenRequest, WeComCustomTokenProvider } from './api/tokens/token-sources.js';
export { MemoryTokenStore } from './api/tokens/memory-token.store.js';
export { RedisTokenStore, type RedisTokenStoreOptions, type TokenRedisClient } from './api/tokens/redis-token.store.js';
export { OnWeComKfMessage, type WeComKfHandlerMetadata } from './decorators/on-wecom-kf-message.decorator.js';
export type { KfCursorStore } from './api/kf/kf-cursor.store.js';
export { MemoryKfCursorStore } from './api/kf/memory-kf-cursor.store.js';
export { RedisKfCursorStore, type RedisKfCursorStoreOptions, type KfCursorRedisClient } from './api/kf/redis-kf-cursor.store.js';
export { WeComSuiteAuthorisations } from './flows/suite/wecom-suite-authorisations.service.js';
export type { AuthorisedCorp, PermanentCodeStore } from './api/suite/permanent-code.store.js';
export { MemoryPermanentCodeStore } from './api/suite/memory-permanent-code.store.js';
export { RedisPermanentCodeStore, type RedisPermanentCodeStoreOptions, type PermanentCodeRedisClient } from './api/suite/redis-permanent-code.store.js';
