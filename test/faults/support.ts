/**
 * The fault matrix runs the compiled CLI (`npm test` builds first) in real child
 * processes on real files: what a user's cron job or terminal would do.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Report } from '../../shared/types.js';
import { packageRoot } from '../../main/engine/paths.js';

export const entry = join(packageRoot(), 'dist', 'cli.js');

export const temp = (prefix: string) => mkdtempSync(join(tmpdir(), `backstop-fault-${prefix}-`));

/** Writes an executable shell script `name` in `dir`: the commands of a config stay readable. */
export function writeScript(dir: string, name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return path;
}

/** Writes `text` as backstop.yaml in a new folder; returns its path. */
export function writeConfig(text: string, dir = temp('config')): string {
  const path = join(dir, 'backstop.yaml');
  writeFileSync(path, text);
  return path;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `backstop <args>`; `result` resolves when it has exited. */
export function startCli(args: string[], env: Record<string, string> = {}): { child: ChildProcess; result: Promise<CliResult>; output(): string } {
  const child = spawn(process.execPath, [entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const result = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, result, output: () => stdout + stderr };
}

export function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return startCli(args, env).result;
}

/** The `--print` lines parsed as the CSV they are: [level, resource, metric, result] each. */
export function printedRows(stdout: string): string[][] {
  return parse(stdout, { relax_column_count: true }) as string[][];
}

/** The result of the printed row of `resource` and `metric`, or undefined. */
export function printed(stdout: string, level: string, resource: string, metric: string): string | undefined {
  return printedRows(stdout).find((row) => row[0] === level && row[1] === resource && row[2] === metric)?.[3];
}

/** The `[STATE]` values of one stateId in `<dataDir>/state.json`. */
export function stateOf(dataDir: string, stateId: string): Record<string, string> {
  const data = JSON.parse(readFileSync(join(dataDir, 'state.json'), 'utf8')) as Record<string, Record<string, string>>;
  return data[`state.${stateId}`] ?? {};
}

/** Every run file in the data folder, parsed (a half-written one fails the test here). */
export function savedRuns(dataDir: string): Report[] {
  const dir = join(dataDir, 'runs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^[\dTZ-]+-[0-9a-f]{6}\.json$/.test(name))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Report);
}

/** Files a write left behind under `dir` (temporary files and locks), recursively. */
export function leftovers(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => /\.backstop-tmp$|\.lock$/.test(name));
}

/** Characters no printed output may carry: C0 (but tab and newline), DEL, C1, bidi overrides and isolates, line separators. */
// eslint-disable-next-line no-control-regex
export const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
