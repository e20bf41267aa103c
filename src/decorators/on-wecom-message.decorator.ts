import type { WeComMessage, WeComMessageMap, WeComMessageType } from '../types/callback-maps.js';
import { WECOM_HANDLER_METADATA } from '../wecom.constants.js';
import { appendHandlerMetadata } from './append-handler-metadata.js';
import { assertDecoratorArguments } from './decorator-arguments.js';
import type { WeComHandlerDecorator } from './wecom-handler-decorator.js';
import type { WeComHandlerMetadata, WeComHandlerOptions } from './wecom-handler-metadata.js';

/** A message type of the catalog, `string` itself (for types the catalog lacks), or nothing (every message). */
export type WeComMessageTypeArgument<M extends string | undefined> = M extends undefined
  ? M
  : string extends M
    ? M
    : M extends WeComMessageType
      ? M
      : WeComMessageType;

/** The payload a handler of `msgType` receives. */
export type WeComMessageHandlerPayload<M extends string | undefined> = M extends undefined
  ? WeComMessage
  : string extends M
    ? any
    : M extends WeComMessageType
      ? WeComMessageMap[M]
      : never;

/**
 * Routes messages (`MsgType` other than `event`) to the method. Without `msgType` it hears every
 * message. Stacks with other WeCom decorators on the same method.
 *
 * A literal `msgType` selects the payload type the method must accept (`'text'` → TextMessage) and
 * must be in the catalog (`'txt'` is reported on the argument, with the valid types); a `string`-typed
 * one is accepted for types the catalog does not know yet.
 */
export function OnWeComMessage<M extends string | undefined = undefined>(
  msgType?: WeComMessageTypeArgument<M>,
  options?: WeComHandlerOptions,
): WeComHandlerDecorator<WeComMessageHandlerPayload<M>>;
export function OnWeComMessage(msgType?: string, options: WeComHandlerOptions = {}): WeComHandlerDecorator<any> {
  const metadata: WeComHandlerMetadata = { kind: 'message', msgType, app: options?.app, durable: options?.durable };
  return (target, key, descriptor) => {
    assertDecoratorArguments(
      'OnWeComMessage',
      "@OnWeComMessage('text'), or @OnWeComMessage() for every message",
      target,
      key,
      [{ what: 'the message type', value: msgType, required: false }],
      options,
    );
    appendHandlerMetadata(descriptor.value as object, metadata);
  };
}
OnWeComMessage.KEY = WECOM_HANDLER_METADATA;
