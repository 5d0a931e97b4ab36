// Process checks against their floor, measured in the same run on the same machine:
//
//   backstop: `backstop run` of 200 process checks, each `bash -c 'echo [STATUS]^OK^…'`
//   floor:    a bare Node script that spawns the same 200 commands, as many at once as
//             Backstop's process pool, reads their stdout and exits
//
// Both are whole processes from start to exit, so the floor includes Node's own start-up.
// Paired runs (backstop, then floor) are repeated and the medians compared.
//
//   node scripts/bench-process.mjs [--runs 5] [--checks 200] [--pool N]... [--sleep S] [--baseline path/to/cli.js]
//
// With one or more --pool, Backstop is also run with `concurrency: { process: N }` for
// each N, to size the default pool (--sleep S makes each command wait S seconds first, as
// scripts waiting on a network do). With --baseline, another build of the CLI (another
// branch's dist/cli.js) is run in the same pairs, for before/after figures. Prints one
// line per figure; exits 1 when a run's output is wrong (not every row OK, or something
// left running).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PROCESS_POOL, measure } from './bench-lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'backstop-bench-process-'));
const cli = join(root, 'dist', 'cli.js');

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    checks: { type: 'string', default: '200' },
    pool: { type: 'string', multiple: true, default: [] },
    baseline: { type: 'string' },
    sleep: { type: 'string', default: '0' },
  },
});
const runs = Number(values.runs);
const checks = Number(values.checks);
// Seconds each command waits before answering: scripts that mostly wait (on a network, a disk) size the pool differently.
const sleep = Number(values.sleep);
const waitFirst = sleep > 0 ? `sleep ${sleep}; ` : '';

const defaultPool = DEFAULT_PROCESS_POOL;

const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
const marker = `backstop-bench-process-${process.pid}`;

function config(pool) {
  const lines = [`concurrency: { process: ${pool} }`, 'resources:'];
  for (let i = 0; i < checks; i++) {
    lines.push(`  - { name: "script ${i}", type: process, shell: bash, command: "${waitFirst}echo '[STATUS]^OK^fine ${i}' # ${marker}", link: "https://example.com" }`);
  }
  const path = join(work, `process-${pool}.yaml`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

// The floor: the same commands, the same number at once, nothing else (scripts/bench-floors.mjs).
const floors = join(root, 'scripts', 'bench-floors.mjs');

async function backstopRun(pool, index, entry = cli) {
  const run = await measure([entry, 'run', config(pool), '--print', '--data-dir', join(work, `data-${pool}-${index}`)]);
  const okRows = run.stdout.split('\n').filter((line) => line.startsWith('OK,script ')).length;
  return { ...run, okRows };
}

function leftRunning() {
  const found = spawnSync('pgrep', ['-f', marker], { encoding: 'utf8' });
  return found.stdout.split('\n').filter(Boolean).length;
}

console.log(`process checks: ${checks} × bash -c '${waitFirst}echo [STATUS]…', ${runs} paired runs, ${availableParallelism()} CPUs, default pool ${defaultPool}`);
let wrong = 0;
const pools = [defaultPool, ...values.pool.map(Number).filter((pool) => pool !== defaultPool)];
for (const pool of pools) {
  const backstop = [];
  const baseline = [];
  const floor = [];
  for (let i = 0; i < runs; i++) {
    for (const [entry, list] of [[cli, backstop], ...(values.baseline ? [[values.baseline, baseline]] : [])]) {
      const run = await backstopRun(pool, i, entry);
      if (run.okRows !== checks) {
        wrong++;
        console.log(`  WRONG (${entry}): ${run.okRows} of ${checks} rows OK (exit ${run.code})\n${run.stderr.slice(0, 500)}`);
      }
      list.push(run);
    }
    floor.push(await measure([floors, 'process', String(checks), String(pool), String(sleep)]));
  }
  const left = leftRunning();
  if (left) wrong++;
  const figure = (list, key) => median(list.map((run) => run[key]));
  const describe = (list) => `wall ${figure(list, 'wallMs').toFixed(0)} ms, cpu ${figure(list, 'cpuMs').toFixed(0)} ms, peak ${figure(list, 'rssMb').toFixed(0)} MB`;
  const ratio = figure(backstop, 'wallMs') / figure(floor, 'wallMs');
  console.log(
    `  pool ${String(pool).padStart(2)}: backstop ${describe(backstop)}` +
      (baseline.length ? ` | baseline ${describe(baseline)}` : '') +
      ` | floor ${describe(floor)} | ratio ${ratio.toFixed(2)}${left ? ` | ${left} LEFT RUNNING` : ''}`,
  );
  console.log(`BENCH_PROCESS pool=${pool} backstop_ms=${figure(backstop, 'wallMs').toFixed(0)} floor_ms=${figure(floor, 'wallMs').toFixed(0)} ratio=${ratio.toFixed(2)} peak_mb=${figure(backstop, 'rssMb').toFixed(0)}`);
}

rmSync(work, { recursive: true, force: true });
process.exit(wrong ? 1 : 0);
