import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { WeComModuleOptions } from './config/wecom-options.interface.js';

export const {
  ConfigurableModuleClass: WeComConfigurableModule,
  MODULE_OPTIONS_TOKEN: WECOM_MODULE_OPTIONS,
  OPTIONS_TYPE: WECOM_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: WECOM_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<WeComModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: false }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
