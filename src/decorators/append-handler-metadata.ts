import { WECOM_HANDLER_METADATA } from '../wecom.constants.js';
import type { WeComHandlerMetadata } from './wecom-handler-metadata.js';

/**
 * Appends rather than replaces, so several WeCom decorators stack on one method (as OnEvent does in
 * @nestjs/event-emitter). Written here instead of deep-importing Nest's util, whose path differs
 * between Nest 11 (CommonJS) and Nest 12 (ESM exports map).
 */
export function appendHandlerMetadata(method: object, metadata: WeComHandlerMetadata): void {
  const previous: WeComHandlerMetadata[] = Reflect.getMetadata(WECOM_HANDLER_METADATA, method) ?? [];
  Reflect.defineMetadata(WECOM_HANDLER_METADATA, [...previous, metadata], method);
}
