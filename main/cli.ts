#!/usr/bin/env node
/**
 * The headless entry: `backstop run`, `validate`, `email test`, `schema`, `init`.
 * Runs in plain Node (cron, systemd timers, containers); never imports electron.
 * In the bundle it is dist/cli.js's first import (see scripts/build.mjs).
 */
import { setFlagsFromString } from 'node:v8';
import { buildProgram } from './cli/program.js';

// undici parses HTTP with a WebAssembly build of llhttp, compiled on the first
// connection. V8's optimizing wasm tier adds about 30 MB of machine code for it;
// the baseline tier (Liftoff) parses our small responses as fast. Measured with
// 1,000 requests, 200 at a time: peak 106 MB → 77 MB, 764 ms → 689 ms.
setFlagsFromString('--liftoff-only');

buildProgram()
  .run(process.argv)
  .then(
    (code) => {
      // Exit explicitly once output is flushed: a hung check's leftover sockets must not keep the process alive.
      process.stdout.write('', () => process.exit(code));
    },
    (error: unknown) => {
      // Something Backstop did not expect: nothing was checked, so it is an UNKNOWN, not an ERROR report.
      process.stderr.write(`backstop: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(3);
    },
  );
