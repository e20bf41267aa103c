import { WeComDecoratorError } from '../errors/wecom-decorator.error.js';
import type { WeComHandlerOptions } from './wecom-handler-metadata.js';

/** What one argument of a decorator must be, for the error message. */
export interface NameArgument {
  /** `'the event name'`, `'the ChangeType'` … */
  readonly what: string;
  readonly value: unknown;
  /** Required arguments must be given; optional ones may be `undefined`. */
  readonly required: boolean;
}

/**
 * Checks a decorator's arguments where it is applied (when the class is defined), so that a JavaScript
 * caller, an `as any` or a value that is `undefined` at run time fails there, with the method's name,
 * instead of crashing the router at boot. Types catch most of these at compile time; this is for the rest.
 */
export function assertDecoratorArguments(
  decorator: string,
  usage: string,
  target: object,
  key: string | symbol,
  names: readonly NameArgument[],
  options: WeComHandlerOptions | undefined,
): void {
  const where = `${className(target)}.${String(key)}`;
  for (const { what, value, required } of names) {
    if (value === undefined && !required) continue;
    if (typeof value !== 'string' || value.trim() === '') {
      const got = value === undefined ? 'nothing' : typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${safeString(value)}`;
      throw new WeComDecoratorError(`@${decorator} on ${where}: ${what} must be a non-empty string, got ${got}. Usage: ${usage}.`);
    }
  }
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new WeComDecoratorError(`@${decorator} on ${where}: the options must be an object such as { app: 'hr' }, got ${safeString(options)}.`);
  }
  if (options?.app !== undefined && (typeof options.app !== 'string' || options.app === '')) {
    throw new WeComDecoratorError(`@${decorator} on ${where}: options.app must be the name of one of WeComModule's apps, got ${safeString(options.app)}.`);
  }
}

/** Static methods are decorated on the constructor, instance methods on the prototype. */
function className(target: object): string {
  const named = typeof target === 'function' ? target : (target as { constructor?: { name?: string } }).constructor;
  return (named as { name?: string } | undefined)?.name || 'anonymous class';
}

function safeString(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
