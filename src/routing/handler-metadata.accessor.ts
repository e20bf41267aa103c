import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { WeComHandlerMetadata } from '../decorators/wecom-handler-metadata.js';
import { WECOM_HANDLER_METADATA } from '../wecom.constants.js';

/** Reads the routes stored by the WeCom decorators; always an array (empty for plain methods). */
@Injectable()
export class WeComHandlerMetadataAccessor {
  constructor(private readonly reflector: Reflector) {}

  getHandlerMetadata(method: Function): WeComHandlerMetadata[] {
    return this.reflector.get<WeComHandlerMetadata[] | undefined>(WECOM_HANDLER_METADATA, method) ?? [];
  }
}
