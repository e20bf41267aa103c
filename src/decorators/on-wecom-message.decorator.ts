import { appendHandlerMetadata } from './append-handler-metadata.js';
import { WECOM_HANDLER_METADATA } from '../wecom.constants.js';
import type { WeComHandlerMetadata, WeComHandlerOptions } from './wecom-handler-metadata.js';

/**
 * Routes messages (`MsgType` other than `event`) to the method. Without `msgType` it hears every
 * message. Stacks with other WeCom decorators on the same method.
 */
export function OnWeComMessage(msgType?: string, options: WeComHandlerOptions = {}): MethodDecorator {
  const metadata: WeComHandlerMetadata = { kind: 'message', msgType, app: options.app };
  return (_target, _key, descriptor: PropertyDescriptor) => {
    appendHandlerMetadata(descriptor.value as object, metadata);
    return descriptor;
  };
}
OnWeComMessage.KEY = WECOM_HANDLER_METADATA;
