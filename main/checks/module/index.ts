/**
 * `module`: a custom check written in TypeScript or JavaScript. The module
 * exports `check(params, ctx)` returning statuses like any built-in kind; it runs
 * in a worker thread so whatever it does (loop, throw, exit) stays an ERROR line.
 */
import { stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as z from 'zod';
import { localFileFields } from '../fields.js';
import { defineCheck } from '../types.js';
import type { CheckStatus } from '../types.js';
import { readLocalText } from '../lib/local-file.js';
import { runInWorker, timeoutMessage } from './run-worker.js';
import { TYPESCRIPT_EXTENSIONS, compileTypeScript } from './transpile.js';

/** A URL the worker can import, or why there is none. */
async function loadableUrl(path: string, dataDir: string): Promise<{ url: string } | { problem: string }> {
  try {
    if (!TYPESCRIPT_EXTENSIONS.includes(extname(path).toLowerCase())) {
      if (!(await stat(path)).isFile()) return { problem: `cannot load ${path}: it is a folder, expected a .js, .mjs or .ts module` };
      return { url: pathToFileURL(path).href };
    }
    return await compileTypeScript(path, await readLocalText(path), dataDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: `cannot load ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}` };
  }
}

export default defineCheck({
  kind: 'module',
  description: 'Your own check in TypeScript or JavaScript: a module exporting check(params, ctx).',
  schema: z.strictObject({
    path: z
      .string({ error: 'must be the path of a module like "checks/queue-depth.ts"' })
      .min(1)
      .meta({ description: 'The module (.js, .mjs or .ts), relative to the config file. It exports `check(params, ctx)`.', examples: ['checks/queue-depth.ts'] })
      .register(localFileFields, { what: 'module' }),
    params: z
      .record(z.string(), z.unknown(), { error: (issue) => `must be an object of named values like { url: "https://…", warnDepth: 100 }, got ${JSON.stringify(issue.input)}` })
      .default({})
      .meta({ description: 'Any JSON object, passed to `check` as its first argument.' }),
  }),
  pool: 'process',
  timeoutMessage,
  async check(params, ctx) {
    const loaded = await loadableUrl(resolve(ctx.configDir, params.path), ctx.dataDir);
    if ('problem' in loaded) return { level: 'ERROR', result: loaded.problem };
    // Returned as the module gave it: the runner checks the shape of every kind's result alike.
    return (await runInWorker(loaded.url, params.params, ctx)) as CheckStatus | CheckStatus[] | undefined;
  },
});
