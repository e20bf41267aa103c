import type { WeComKfMessage } from '../api/client/api-types.js';
import type { WeComContext } from '../context/wecom-context.js';

/** Metadata key of @OnWeComKfMessage (its own: these are not callbacks, the router never sees them). */
export const WECOM_KF_HANDLER_METADATA = 'wecom:kf-handler';

export interface WeComKfHandlerMetadata {
  readonly msgtype?: string;
  readonly app?: string;
}

type KfHandler = (message: WeComKfMessage, ctx: WeComContext) => unknown;

/**
 * A 微信客服 message or event (`msgtype` `text`, `image`, …, `event`; without it, all of them), as
 * fetched by kf/sync_msg after a `kf_msg_or_event` callback. The module acknowledges the callback at
 * once, fetches after it with the cursor it keeps per open_kfid, and calls these handlers once per
 * msgid, in order. `ctx` is the callback's: answer with `ctx.client.kf.sendMsg(...)`. A handler that
 * throws leaves the message to be fetched and handled again. Return values are ignored.
 */
export function OnWeComKfMessage(msgtype?: string, options: { app?: string } = {}) {
  const metadata: WeComKfHandlerMetadata = { msgtype, app: options.app };
  return <M extends KfHandler>(_target: object, _key: string | symbol, descriptor: TypedPropertyDescriptor<M>) => {
    const method = descriptor.value as object;
    const previous: WeComKfHandlerMetadata[] = Reflect.getMetadata(WECOM_KF_HANDLER_METADATA, method) ?? [];
    Reflect.defineMetadata(WECOM_KF_HANDLER_METADATA, [...previous, metadata], method);
    return descriptor;
  };
}
