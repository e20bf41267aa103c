import type { WeComContext } from '../context/wecom-context.js';
import type { WeComHandlerMetadata } from '../decorators/wecom-handler-metadata.js';

/** A decorated method found at boot, bound to its instance. */
export interface RegisteredHandler {
  /** `ClassName.method`, for logs and errors. */
  readonly id: string;
  readonly metadata: WeComHandlerMetadata;
  /** Discovery order; breaks ties between equally specific replies. */
  readonly order: number;
  readonly invoke: (payload: Record<string, unknown>, ctx: WeComContext) => Promise<unknown>;
}
