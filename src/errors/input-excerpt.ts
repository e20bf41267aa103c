/**
 * What an error message or a log line may quote of its input: never more than a short excerpt, so
 * that a hostile 1 MiB tag name costs a few bytes of response and log, not a megabyte of each.
 */

/** The longest excerpt of untrusted input quoted in a message. */
export const MAX_EXCERPT = 32;

/**
 * `"<!DOCTYPE x [<!ENT…" (1048576 characters)`: at most `max` characters, escaped as a JSON string
 * (control characters and quotes cannot break the message or the log line), with the full length when cut.
 */
export function excerpt(input: string, max: number = MAX_EXCERPT): string {
  if (input.length <= max) return JSON.stringify(input);
  return `${JSON.stringify(input.slice(0, max)).slice(0, -1)}…" (${input.length} characters)`;
}

/**
 * What stands at character `at` of a body being scanned: at most MAX_EXCERPT characters from there,
 * escaped, with `…` when cut; `the end of the body` past its end. The envelope scanners' refusals say
 * this, never the body.
 */
export function excerptAt(text: string, at: number): string {
  if (at >= text.length) return 'the end of the body';
  return `${JSON.stringify(text.slice(at, at + MAX_EXCERPT))}${text.length > at + MAX_EXCERPT ? '…' : ''}`;
}

/**
 * A field of an authenticated payload in a log line (`text MsgId=123`): as is, cut at `max` characters.
 * WeCom's routing fields are short; the cut only keeps an unexpected one from filling the log.
 */
export function clip(value: unknown, max = 64): string {
  const text = String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
