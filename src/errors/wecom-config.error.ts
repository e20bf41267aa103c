/** Thrown at boot (app.init()) when the module's options cannot work; the message names app and option. */
export class WeComConfigError extends Error {
  override readonly name = 'WeComConfigError';
}
