/** One or more handlers threw; the callback is answered with 500 so that WeCom retries it. */
export class WeComHandlerError extends Error {
  override readonly name = 'WeComHandlerError';

  constructor(
    message: string,
    readonly causes: readonly unknown[],
  ) {
    super(message);
  }
}
