// The `nestjs-wecom` executable (bin/nestjs-wecom.mjs imports the built copy of this file).
import { processOutput } from './cli-output.js';
import { runCli } from './run-cli.js';

// `nestjs-wecom templates | head`: a closed pipe is the reader being done, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// Not a top-level await: this file is also compiled to CommonJS (dist/cjs), where there is none.
runCli(process.argv.slice(2), process.env, processOutput).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug of ours: show everything.
    console.error(error);
    process.exitCode = 1;
  },
);
