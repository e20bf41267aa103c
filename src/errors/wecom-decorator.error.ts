/**
 * A WeCom handler decorator was given arguments that cannot route anything (`@OnWeComEvent()` without
 * an event name, a number instead of a string …). Thrown when the class is defined, so the stack points
 * at the decorated method rather than at boot; the message names the class, the method and the fix.
 */
export class WeComDecoratorError extends TypeError {
  override readonly name = 'WeComDecoratorError';
}
