import { CliUsageError } from '../errors/cli-usage.error.js';

/**
 * `--field Name=value` flags → field overrides for the templates. `Parent.Child=value` sets a nested
 * element (`ScanCodeInfo.ScanResult=…`), the same name twice makes a repeated element
 * (`--field DocId=a --field DocId=b`), and `Name=` sends the element empty. Values stay strings: every
 * leaf of a WeCom plaintext is text (PROTOCOL.md §4.0).
 */
export function parseFieldFlags(flags: readonly string[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const flag of flags) {
    const equals = flag.indexOf('=');
    if (equals <= 0) throw new CliUsageError(`--field "${flag}" must look like Name=value (e.g. --field EventKey=menu_1).`);
    const path = flag.slice(0, equals).split('.');
    if (path.some((segment) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment))) {
      throw new CliUsageError(`--field "${flag}": "${flag.slice(0, equals)}" is not an element name (letters, digits, _; dots for nesting).`);
    }
    setPath(fields, path, flag.slice(equals + 1), flag);
  }
  return fields;
}

function setPath(target: Record<string, unknown>, path: string[], value: string, flag: string): void {
  const [head, ...rest] = path;
  if (rest.length === 0) {
    const existing = target[head];
    if (existing === undefined) target[head] = value;
    else if (typeof existing === 'string') target[head] = [existing, value];
    else if (Array.isArray(existing)) existing.push(value);
    else throw new CliUsageError(`--field "${flag}": ${head} already has nested fields.`);
    return;
  }
  const child = target[head];
  if (child === undefined) target[head] = {};
  else if (typeof child !== 'object' || Array.isArray(child)) throw new CliUsageError(`--field "${flag}": ${head} already has a value.`);
  setPath(target[head] as Record<string, unknown>, rest, value, flag);
}
