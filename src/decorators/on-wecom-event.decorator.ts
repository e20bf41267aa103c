import { appendHandlerMetadata } from './append-handler-metadata.js';
import { WECOM_HANDLER_METADATA } from '../wecom.constants.js';
import type { WeComHandlerMetadata, WeComHandlerOptions } from './wecom-handler-metadata.js';

/**
 * Routes events (`MsgType` `event`) to the method by `Event` (case-insensitive: WeCom sends both
 * `LOCATION` and `click`) and, optionally, `ChangeType`. Stacks with other WeCom decorators.
 */
export function OnWeComEvent(event: string, changeType?: string, options: WeComHandlerOptions = {}): MethodDecorator {
  const metadata: WeComHandlerMetadata = { kind: 'event', event, changeType, app: options.app };
  return (_target, _key, descriptor: PropertyDescriptor) => {
    appendHandlerMetadata(descriptor.value as object, metadata);
    return descriptor;
  };
}
OnWeComEvent.KEY = WECOM_HANDLER_METADATA;
