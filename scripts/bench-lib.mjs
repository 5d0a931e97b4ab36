// What the benchmarks share: running a whole Node process and reading its figures.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const preload = fileURLToPath(new URL('bench-rss.mjs', import.meta.url));

/**
 * Runs `node --import bench-rss.mjs ...args` from start to exit; resolves with its wall time,
 * CPU time (user + system) and peak memory, its exit code and its output.
 */
export function measure(args) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', preload, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => {
      const wallMs = performance.now() - started;
      const rssKb = Number(/BENCH_MAX_RSS_KB=(\d+)/.exec(stderr)?.[1] ?? NaN);
      const cpuMs = Number(/BENCH_CPU_MS=(\d+)/.exec(stderr)?.[1] ?? NaN);
      resolve({ wallMs, rssMb: rssKb / 1024, cpuMs, code, stdout, stderr });
    });
  });
}

/** Backstop's default process pool on this machine, as `DEFAULTS.processConcurrency` (main/engine/config.ts) sizes it. */
export const DEFAULT_PROCESS_POOL = Math.min(32, Math.max(8, 2 * availableParallelism()));

/**
 * A module of Backstop's source (`main/engine/history.ts`), bundled on the spot with esbuild and
 * imported: dist/ holds the processes' bundles, not one file per module.
 */
export async function importSource(path) {
  const { build } = await import('esbuild');
  const { EXTERNAL } = await import('./build.mjs');
  const outfile = join(mkdtempSync(join(tmpdir(), 'backstop-bench-module-')), 'module.mjs');
  const root = fileURLToPath(new URL('..', import.meta.url));
  await build({ entryPoints: [join(root, path)], bundle: true, platform: 'node', format: 'esm', outfile, external: EXTERNAL, logLevel: 'warning', mainFields: ['module', 'main'] });
  return import(pathToFileURL(outfile).href);
}
