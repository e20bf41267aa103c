/** Why the test client or the simulator could not get a trustworthy answer. */
export type WeComTestClientErrorCode =
  /** The callback URL does not parse. */
  | 'invalid-url'
  /** Nothing listens at the URL's host and port. */
  | 'connection-refused'
  /** The URL's host name does not resolve. */
  | 'host-not-found'
  /** No answer within the time limit. */
  | 'timeout'
  /** Any other network failure (connection reset, TLS …). */
  | 'network'
  /** A 200 whose body is not a correctly signed, encrypted reply for this app. */
  | 'reply-not-verified'
  /** The Nest app has no WeComModule app to talk to, or several and none was named. */
  | 'no-app';

/**
 * A failure of the conversation itself, not a refusal: a refusal (4xx with errcode) is a normal
 * result, because testing refusals is part of testing an app.
 */
export class WeComTestClientError extends Error {
  override readonly name = 'WeComTestClientError';

  constructor(
    readonly code: WeComTestClientErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
