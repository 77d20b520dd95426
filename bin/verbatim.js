#!/usr/bin/env node
'use strict';
// The `verbatim` command: a thin launcher for the bundled CLI (built by `npm ci` / `npm run build`).
let cli;
try {
  cli = require('../dist/cli.js');
} catch (error) {
  console.error('verbatim: the bundle is missing; run `npm ci` (or `npm run build`) in the Verbatim folder first');
  process.exit(2);
}
cli.runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`verbatim: internal error: ${(error && error.stack) || error}`);
    process.exitCode = 2;
  },
);
