/**
 * One character of a secret (a Token, an EncodingAESKey) for an error message: escaped, with its code
 * point, and never with its neighbours, so the message shows what to fix without revealing the secret.
 * `"-" (U+002D)`, `" " (U+0020)`, `"\n" (U+000A)`.
 */
export function describeCharacter(text: string, index: number): string {
  const codePoint = text.codePointAt(index) ?? 0;
  const character = String.fromCodePoint(codePoint);
  return `${JSON.stringify(character)} (U+${codePoint.toString(16).toUpperCase().padStart(4, '0')})`;
}

/** The index of the first character outside [A-Za-z0-9], or -1. */
export function firstNonAlphanumeric(text: string): number {
  return text.search(/[^A-Za-z0-9]/);
}
