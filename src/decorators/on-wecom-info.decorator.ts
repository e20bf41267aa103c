import type { WeComContext } from '../context/wecom-context.js';
import type { WeComInfoChangeTypeMap, WeComInfoTypeMap } from '../types/callback-maps.js';
import { WECOM_HANDLER_METADATA } from '../wecom.constants.js';
import { appendHandlerMetadata } from './append-handler-metadata.js';
import { assertDecoratorArguments } from './decorator-arguments.js';
import type { WeComHandlerMetadata, WeComHandlerOptions } from './wecom-handler-metadata.js';

/** The payload a suite handler gets for an InfoType (and ChangeType); open for InfoTypes the types lack. */
export type WeComInfoPayload<I extends string, C extends string | undefined = undefined> = I extends keyof WeComInfoTypeMap
  ? C extends string
    ? I extends keyof WeComInfoChangeTypeMap
      ? C extends keyof WeComInfoChangeTypeMap[I]
        ? WeComInfoChangeTypeMap[I][C]
        : WeComInfoTypeMap[I]
      : WeComInfoTypeMap[I]
    : WeComInfoTypeMap[I]
  : Record<string, unknown>;

type InfoHandler<I extends string, C extends string | undefined> = (payload: WeComInfoPayload<I, C>, ctx: WeComContext) => unknown;

/**
 * Routes a suite's instruction callbacks (第三方 指令回调 / 代开发 模板回调, PROTOCOL.md §4.5) by
 * `InfoType` and, optionally, `ChangeType`. The payload type follows the InfoType; a method whose
 * first parameter does not accept it fails to compile. Only `suite` apps deliver these; the answer is
 * always `success`, so the return value is ignored. Stacks with other WeCom decorators.
 */
export function OnWeComInfo<I extends keyof WeComInfoTypeMap | (string & {}), C extends string | undefined = undefined>(
  infoType: I,
  changeType?: C,
  options: WeComHandlerOptions = {},
) {
  const metadata: WeComHandlerMetadata = { kind: 'info', infoType, changeType, app: options?.app, durable: options?.durable };
  return <M extends InfoHandler<I, C>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>) => {
    assertDecoratorArguments(
      'OnWeComInfo',
      "@OnWeComInfo('suite_ticket') or @OnWeComInfo('change_contact', 'create_user')",
      target,
      key,
      [
        { what: 'the InfoType (first argument)', value: infoType, required: true },
        { what: 'the ChangeType (second argument)', value: changeType, required: false },
      ],
      options,
    );
    appendHandlerMetadata(descriptor.value as object, metadata);
    return descriptor;
  };
}
OnWeComInfo.KEY = WECOM_HANDLER_METADATA;
