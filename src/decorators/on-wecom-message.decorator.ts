import type { WeComMessage, WeComMessageMap, WeComMessageType } from '../types/callback-maps.js';
import { WECOM_HANDLER_METADATA } from '../wecom.constants.js';
import { appendHandlerMetadata } from './append-handler-metadata.js';
import type { WeComHandlerDecorator } from './wecom-handler-decorator.js';
import type { WeComHandlerMetadata, WeComHandlerOptions } from './wecom-handler-metadata.js';

/**
 * Routes messages (`MsgType` other than `event`) to the method. Without `msgType` it hears every
 * message. Stacks with other WeCom decorators on the same method.
 *
 * A literal `msgType` selects the payload type the method must accept (`'text'` → TextMessage) and
 * must be in the catalog; a `string`-typed one is accepted for types the catalog does not know yet.
 */
export function OnWeComMessage<M extends WeComMessageType>(msgType: M, options?: WeComHandlerOptions): WeComHandlerDecorator<WeComMessageMap[M]>;
export function OnWeComMessage(msgType?: undefined, options?: WeComHandlerOptions): WeComHandlerDecorator<WeComMessage>;
export function OnWeComMessage<M extends string>(
  msgType: string extends M ? M : never,
  options?: WeComHandlerOptions,
): WeComHandlerDecorator<any>;
export function OnWeComMessage(msgType?: string, options: WeComHandlerOptions = {}): WeComHandlerDecorator<any> {
  const metadata: WeComHandlerMetadata = { kind: 'message', msgType, app: options.app, durable: options.durable };
  return (_target, _key, descriptor) => {
    appendHandlerMetadata(descriptor.value as object, metadata);
  };
}
OnWeComMessage.KEY = WECOM_HANDLER_METADATA;
