import type { WeComChangeTypeMap, WeComEventName, WeComEventPayload } from '../types/callback-maps.js';
import { WECOM_HANDLER_METADATA } from '../wecom.constants.js';
import { appendHandlerMetadata } from './append-handler-metadata.js';
import type { WeComHandlerDecorator } from './wecom-handler-decorator.js';
import type { WeComHandlerMetadata, WeComHandlerOptions } from './wecom-handler-metadata.js';

/** Event families whose ChangeType values the catalog lists (PROTOCOL.md §4.3, §4.4). */
type ChangeFamily = keyof WeComChangeTypeMap;

/** `string` itself (a value the compiler cannot see), never a literal: the escape hatch for names the catalog lacks. */
type WideString<S extends string> = string extends S ? S : never;

/**
 * Routes events (`MsgType` `event`) to the method by `Event` (case-insensitive: WeCom sends both
 * `LOCATION` and `click`) and, optionally, `ChangeType`. Stacks with other WeCom decorators.
 *
 * The literal arguments select the payload type the method must accept, and must be in the catalog:
 * `@OnWeComEvent('change_contact', 'create_prty')` does not compile. A `string`-typed argument is
 * accepted for events or change types the catalog does not know yet.
 */
export function OnWeComEvent<E extends ChangeFamily, C extends keyof WeComChangeTypeMap[E] & string>(
  event: E,
  changeType: C,
  options?: WeComHandlerOptions,
): WeComHandlerDecorator<WeComChangeTypeMap[E][C]>;
export function OnWeComEvent<E extends WeComEventName>(
  event: E,
  changeType?: E extends ChangeFamily ? undefined : string,
  options?: WeComHandlerOptions,
): WeComHandlerDecorator<WeComEventPayload<E>>;
export function OnWeComEvent<E extends ChangeFamily, C extends string>(
  event: E,
  changeType: WideString<C>,
  options?: WeComHandlerOptions,
): WeComHandlerDecorator<any>;
export function OnWeComEvent<E extends string>(
  event: WideString<E>,
  changeType?: string,
  options?: WeComHandlerOptions,
): WeComHandlerDecorator<any>;
export function OnWeComEvent(event: string, changeType?: string, options: WeComHandlerOptions = {}): WeComHandlerDecorator<any> {
  const metadata: WeComHandlerMetadata = { kind: 'event', event, changeType, app: options.app, durable: options.durable };
  return (_target, _key, descriptor) => {
    appendHandlerMetadata(descriptor.value as object, metadata);
  };
}
OnWeComEvent.KEY = WECOM_HANDLER_METADATA;
