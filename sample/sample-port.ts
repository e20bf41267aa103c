import { createServer } from 'node:net';

/** Where `npm run sample` listens, and what the simulator CLI calls by default. */
export const DEFAULT_SAMPLE_PORT = 3000;

/** `PORT` from the environment (default 3000); `undefined` when it is set but not a port number. */
export function samplePort(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return DEFAULT_SAMPLE_PORT;
  const port = Number(value);
  return /^\d+$/.test(value) && port > 0 && port < 65536 ? port : undefined;
}

/** Whether nothing listens on the port yet (the sample binds 0.0.0.0). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '0.0.0.0', () => probe.close(() => resolve(true)));
  });
}

/** One line: what is wrong and the two ways out. */
export function portInUseMessage(port: number): string {
  const other = port === DEFAULT_SAMPLE_PORT ? DEFAULT_SAMPLE_PORT + 1 : port + 1;
  return (
    `✗ port ${port} is already in use (another "npm run sample" still running?). ` +
    `Stop it, or pick another port: PORT=${other} npm run sample`
  );
}

/** The commands that talk to this sample: `--url` only when it is not the CLI's default port. */
export function listenHint(port: number): string {
  const url = (path: string) => (port === DEFAULT_SAMPLE_PORT ? '' : ` --url http://localhost:${port}${path}`);
  return `npm run wecom -- send text hello${url('/wecom/callback')}   (the bot: npm run wecom -- send bot text hello${url('/wecom/bot')})`;
}
