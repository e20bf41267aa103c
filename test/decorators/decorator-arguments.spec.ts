import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { OnWeComBotEvent, OnWeComBotMessage, OnWeComEvent, OnWeComInfo, OnWeComMessage, WeComDecoratorError } from '../../src/index.js';

/**
 * Arguments the types reject still reach the decorators from JavaScript, through `as any`, or as a
 * variable that is `undefined` at run time. They are refused where the class is defined, with a named
 * error that says which method and how to write it, instead of a TypeError from the router at boot.
 */
const loose = (decorator: unknown) => decorator as (...args: unknown[]) => MethodDecorator;

/** Applies a decorator to `Contacts.onParty` as TypeScript's emit does, and returns the error it threw. */
function decorate(decorator: MethodDecorator): unknown {
  class Contacts {
    onParty() {}
  }
  try {
    decorator(Contacts.prototype, 'onParty', Object.getOwnPropertyDescriptor(Contacts.prototype, 'onParty')!);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('decorator arguments are checked where the class is defined', () => {
  it('@OnWeComEvent() without an event name: a WeComDecoratorError naming the method and the usage', () => {
    const error = decorate(loose(OnWeComEvent)());
    expect(error).toBeInstanceOf(WeComDecoratorError);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).name).toBe('WeComDecoratorError');
    expect((error as Error).message).toBe(
      "@OnWeComEvent on Contacts.onParty: the event name (first argument) must be a non-empty string, got nothing. " +
        "Usage: @OnWeComEvent('click') or @OnWeComEvent('change_contact', 'create_user').",
    );
  });

  it.each([
    ['an empty event name', () => loose(OnWeComEvent)(''), 'the event name (first argument) must be a non-empty string, got "".'],
    ['a number as event name', () => loose(OnWeComEvent)(42), 'the event name (first argument) must be a non-empty string, got number 42.'],
    ['a number as ChangeType', () => loose(OnWeComEvent)('change_contact', 7), 'the ChangeType (second argument) must be a non-empty string, got number 7.'],
    ['options that are not an object', () => loose(OnWeComEvent)('click', undefined, 'hr'), 'the options must be an object such as { app: \'hr\' }, got "hr".'],
    ['an empty app name', () => loose(OnWeComMessage)('text', { app: '' }), 'options.app must be the name of one of WeComModule\'s apps, got "".'],
    ['@OnWeComInfo() without an InfoType', () => loose(OnWeComInfo)(), 'the InfoType (first argument) must be a non-empty string, got nothing.'],
    ['@OnWeComMessage(null)', () => loose(OnWeComMessage)(null), 'the message type must be a non-empty string, got object null.'],
    ['@OnWeComBotMessage(1)', () => loose(OnWeComBotMessage)(1), 'the msgtype must be a non-empty string, got number 1.'],
    ['@OnWeComBotEvent(\'\')', () => loose(OnWeComBotEvent)(''), 'the eventtype must be a non-empty string, got "".'],
  ])('%s', (_, build, message) => {
    const error = decorate(build());
    expect(error).toBeInstanceOf(WeComDecoratorError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).toContain('on Contacts.onParty');
  });

  it('leaves the optional arguments optional', () => {
    expect(decorate(loose(OnWeComMessage)())).toBeUndefined();
    expect(decorate(loose(OnWeComBotMessage)())).toBeUndefined();
    expect(decorate(loose(OnWeComBotEvent)())).toBeUndefined();
    expect(decorate(loose(OnWeComEvent)('change_contact'))).toBeUndefined();
    expect(decorate(loose(OnWeComEvent)('click', undefined, { app: 'hr' }))).toBeUndefined();
  });

  it('names a static method by its class', () => {
    class Hooks {
      static onClick() {}
    }
    const error = (() => {
      try {
        loose(OnWeComEvent)(undefined)(Hooks, 'onClick', Object.getOwnPropertyDescriptor(Hooks, 'onClick')!);
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error?.message).toContain('@OnWeComEvent on Hooks.onClick:');
  });
});
