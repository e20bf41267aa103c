import type { WeComChangeTypeMap, WeComEventName, WeComEventPayload } from '../types/callback-maps.js';
import { WECOM_HANDLER_METADATA } from '../wecom.constants.js';
import { appendHandlerMetadata } from './append-handler-metadata.js';
import { assertDecoratorArguments } from './decorator-arguments.js';
import type { WeComHandlerDecorator } from './wecom-handler-decorator.js';
import type { WeComHandlerMetadata, WeComHandlerOptions } from './wecom-handler-metadata.js';

/** Event families whose ChangeType values the catalog lists (PROTOCOL.md §4.3, §4.4). */
type ChangeFamily = keyof WeComChangeTypeMap;

/**
 * What the first argument may be: an event of the catalog in either spelling, or `string` itself (a
 * value the compiler cannot see: the escape hatch for events the catalog lacks). A misspelt literal is
 * checked against WeComEventName, so the compiler's message points at it and names the type.
 */
export type WeComEventArgument<E extends string> = string extends E ? E : E extends WeComEventName ? E : WeComEventName;

/**
 * What the second argument may be: for a family with a ChangeType list, one of its change types (a
 * misspelt one is reported on this argument, with the valid values spelt out) or a `string` value;
 * for any other event, any string.
 */
export type WeComChangeTypeArgument<E extends string, C extends string | undefined> = string extends E
  ? C
  : E extends ChangeFamily
    ? C extends undefined
      ? C
      : string extends C
        ? C
        : C extends keyof WeComChangeTypeMap[E]
          ? C
          : keyof WeComChangeTypeMap[E] & string
    : C;

/** The payload a handler of `(event, changeType)` receives; `any` where a `string` argument hides it. */
export type WeComEventHandlerPayload<E extends string, C extends string | undefined> = string extends E
  ? any
  : E extends ChangeFamily
    ? C extends undefined
      ? WeComEventPayload<E>
      : string extends C
        ? any
        : C extends keyof WeComChangeTypeMap[E]
          ? WeComChangeTypeMap[E][C]
          : never
    : E extends WeComEventName
      ? WeComEventPayload<E>
      : never;

const USAGE = "@OnWeComEvent('click') or @OnWeComEvent('change_contact', 'create_user')";

/**
 * Routes events (`MsgType` `event`) to the method by `Event` (case-insensitive: WeCom sends both
 * `LOCATION` and `click`) and, optionally, `ChangeType`. Stacks with other WeCom decorators.
 *
 * The literal arguments select the payload type the method must accept, and must be in the catalog:
 * `@OnWeComEvent('change_contact', 'create_prty')` does not compile, and the error is on
 * `'create_prty'`, listing the change types of change_contact. A `string`-typed argument is accepted
 * for events or change types the catalog does not know yet. One signature rather than overloads, so
 * that the compiler reports the argument that is wrong instead of the last overload's complaint.
 */
export function OnWeComEvent<E extends string, C extends string | undefined = undefined>(
  event: WeComEventArgument<E>,
  changeType?: WeComChangeTypeArgument<E, C>,
  options?: WeComHandlerOptions,
): WeComHandlerDecorator<WeComEventHandlerPayload<E, C>>;
export function OnWeComEvent(event: string, changeType?: string, options: WeComHandlerOptions = {}): WeComHandlerDecorator<any> {
  const metadata: WeComHandlerMetadata = { kind: 'event', event, changeType, app: options?.app, durable: options?.durable };
  return (target, key, descriptor) => {
    assertDecoratorArguments(
      'OnWeComEvent',
      USAGE,
      target,
      key,
      [
        { what: 'the event name (first argument)', value: event, required: true },
        { what: 'the ChangeType (second argument)', value: changeType, required: false },
      ],
      options,
    );
    appendHandlerMetadata(descriptor.value as object, metadata);
  };
}
OnWeComEvent.KEY = WECOM_HANDLER_METADATA;
