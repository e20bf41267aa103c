// An ESM Nest application (the Nest 12 way), loading the built package with import.
import 'reflect-metadata';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import * as wecom from 'nestjs-wecom';

const require = createRequire(import.meta.url);
const { runProbe } = require('./probe.cjs');
const ENTRY = fileURLToPath(import.meta.resolve('nestjs-wecom'));

class Handlers {
  onText(message) {
    return `esm echo: ${message.Content}`;
  }
}
wecom.OnWeComMessage('text')(Handlers.prototype, 'onText', Object.getOwnPropertyDescriptor(Handlers.prototype, 'onText'));
Injectable()(Handlers);

class AppModule {}
Module({ imports: [wecom.WeComModule.forRoot(runProbe.options)], providers: [Handlers] })(AppModule);

runProbe(wecom, () => NestFactory.create(AppModule, { logger: false }), require('@nestjs/core/package.json').version, ENTRY);
