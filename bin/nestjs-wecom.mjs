#!/usr/bin/env node
// The simulator CLI. dist/ is built by `npm run build` (run by `npm install` on a clone, via "prepare").
try {
  await import('../dist/esm/cli/main.js');
} catch (error) {
  // A clone installed with --ignore-scripts, or dist/ deleted: say what to run instead of a stack trace.
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/esm/cli/main.js')) {
    console.error('✗ nestjs-wecom is not built: dist/ is missing. Run "npm run build" in the package folder, then try again.');
    process.exit(1);
  }
  throw error;
}
