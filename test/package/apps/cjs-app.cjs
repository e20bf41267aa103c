// A CommonJS Nest application (the Nest 11 way), loading the built package with require().
// Plain JavaScript: decorators are applied as functions, exactly as TypeScript's output would.
require('reflect-metadata');
const { Injectable, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const wecom = require('nestjs-wecom');
const { runProbe } = require('./probe.cjs');
const ENTRY = require.resolve('nestjs-wecom');

class Handlers {
  onText(message) {
    return `cjs echo: ${message.Content}`;
  }
}
wecom.OnWeComMessage('text')(Handlers.prototype, 'onText', Object.getOwnPropertyDescriptor(Handlers.prototype, 'onText'));
Injectable()(Handlers);

class AppModule {}
Module({ imports: [wecom.WeComModule.forRoot(runProbe.options)], providers: [Handlers] })(AppModule);

runProbe(wecom, () => NestFactory.create(AppModule, { logger: false }), require('@nestjs/core/package.json').version, ENTRY);
