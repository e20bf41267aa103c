// Payload types of every WeCom callback (PROTOCOL.md §4, §5.1) and the maps the decorators check against.
export type * from './base.js';
export type * from './messages.js';
export type * from './app-events.js';
export type * from './change-contact.js';
export type * from './external-contact.js';
export type * from './approval.js';
export type * from './customer-service.js';
export type * from './suite.js';
export type * from './bot.js';
export type * from './callback-maps.js';
