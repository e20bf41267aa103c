/**
 * The module's options cannot work. Thrown when Nest builds the module (`Test.createTestingModule(…)
 * .compile()`, `NestFactory.create`) for the options themselves, and at `app.init()` for the handlers
 * (a handler pinned to an unknown app, a request-scoped handler). The message lists every problem
 * found, each naming the app, the option and where to find the right value.
 */
export class WeComConfigError extends Error {
  override readonly name = 'WeComConfigError';
  /** Each problem on its own, as listed in the message. */
  declare readonly problems: readonly string[];

  constructor(message: string, problems: readonly string[] = [message]) {
    super(message);
    // Not enumerable, so that Nest's and Node's printout of the error does not list the problems twice.
    Object.defineProperty(this, 'problems', { value: Object.freeze([...problems]), enumerable: false });
    // The frames would all be inside the module and Nest's injector: the message is what tells the user
    // what to fix, so it is the whole printout.
    this.stack = `${this.name}: ${message}`;
  }
}
