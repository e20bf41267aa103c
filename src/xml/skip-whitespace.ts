/**
 * The index of the first character at or after `at` that is not whitespace. XML (S) and JSON (ws) name
 * the same four: space, tab, LF and CR; so the XML and the AI bot's JSON envelope scanners share this.
 */
export function skipWhitespace(text: string, at: number): number {
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) break;
    at++;
  }
  return at;
}
