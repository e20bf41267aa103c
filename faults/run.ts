// npm run faults: re-runs issue 13's fault table against the current code (real redis-server, child
// processes, loopback only, every process stopped by its PID) and prints the issue's figures next to
// this run's. Options: --rows=id,id (prefix match), --quick (the bounded variants npm test runs), --json.
import { FAULT_TABLE } from './table.js';
import type { RowResult } from './support/fault-row.js';

const args = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string | undefined]));
const scale = args.has('quick') ? 'quick' : 'full';
const wanted = args.get('rows')?.split(',');
const rows = FAULT_TABLE.filter((row) => !wanted || wanted.some((prefix) => row.id.startsWith(prefix)));
/** Hard bound on one row, whatever happens inside it. */
const ROW_LIMIT_MS = 5 * 60_000;

if (rows.length === 0) {
  console.error(`no row matches --rows=${args.get('rows')}; rows: ${FAULT_TABLE.map((row) => row.id).join(', ')}`);
  process.exit(2);
}

const results: { id: string; fault: string; issue: string; result?: RowResult; error?: string; seconds: number }[] = [];
for (const row of rows) {
  const started = Date.now();
  process.stderr.write(`▶ ${row.id} (${scale}) … `);
  let timer: NodeJS.Timeout | undefined;
  try {
    const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`row exceeded ${ROW_LIMIT_MS / 1000} s`)), ROW_LIMIT_MS)));
    const result = await Promise.race([row.run(scale), limit]);
    results.push({ id: row.id, fault: row.fault, issue: row.issue, result, seconds: (Date.now() - started) / 1000 });
    process.stderr.write(`${((Date.now() - started) / 1000).toFixed(0)} s: ${result.figures}\n`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    results.push({ id: row.id, fault: row.fault, issue: row.issue, error: message, seconds: (Date.now() - started) / 1000 });
    process.stderr.write(`failed: ${message}\n`);
  } finally {
    clearTimeout(timer);
  }
}

console.log(`\n| fault | issue 13 (main 0e62ce9) | this run (${scale}) |\n|---|---|---|`);
for (const { fault, issue, result, error } of results) console.log(`| ${fault} | ${issue} | ${result ? result.figures : `**failed**: ${error}`} |`);
if (args.has('json')) console.log(JSON.stringify({ scale, rows: results.map(({ id, result, error, seconds }) => ({ id, numbers: result?.numbers, error, seconds })) }));
process.exit(results.some((r) => r.error) ? 1 : 0);
