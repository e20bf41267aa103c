#!/usr/bin/env node
// The simulator CLI. dist/ is built by `npm run build` (run by `npm install` on a clone, via "prepare").
import '../dist/esm/cli/main.js';
