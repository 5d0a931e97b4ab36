/** Helpers for the process check's tests: fixture paths, proof that a process is gone, and a recording platform. */
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { ProcessPlatform } from '../../../main/checks/process/platform.js';

export const fixturesDir = fileURLToPath(new URL('../../fixtures/process/', import.meta.url));

export function fixture(name: string): string {
  return join(fixturesDir, name);
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'backstop-process-'));
}

/** The whitespace-separated pids a fixture wrote to its `PID_FILE`. */
export function readPids(pidFile: string): number[] {
  const pids = readFileSync(pidFile, 'utf8').trim().split(/\s+/).map(Number);
  if (pids.length === 0 || !pids.every((pid) => Number.isInteger(pid) && pid > 1)) throw new Error(`no pids in ${pidFile}`);
  return pids;
}

/**
 * True once `pid` no longer runs. `kill(pid, 0)` throwing ESRCH is the proof; a zombie also counts:
 * it has already died, and in containers whose init never reaps orphans it stays listed forever.
 */
export function isGone(pid: number): boolean {
  if (!isSignalable(pid)) return true;
  try {
    // /proc/<pid>/stat: "pid (comm) STATE ..."; comm may contain spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    // No /proc (macOS), or the process vanished between the two looks: ask the kernel again.
    return !isSignalable(pid);
  }
}

function isSignalable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, but belongs to someone else
  }
}

/** Polls briefly: SIGKILL is sent before the check returns, but the kernel needs a moment to finish the job. */
export async function waitUntilGone(pid: number, withinMs = 300): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (!isGone(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

/** One call to a recording platform's `spawn`. */
export interface SpawnCall {
  file: string;
  args: readonly string[];
  options: SpawnOptions;
  child: FakeChild;
}

/**
 * A child process that runs nothing: for the paths of platforms these tests cannot run on
 * (Windows, macOS), where what matters is what Backstop asks the OS to do. The test ends it
 * with `exit()`, as the OS would.
 */
export class FakeChild extends EventEmitter {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  exited = false;
  constructor(readonly pid: number) {
    super();
  }
  /** The process ends: its output, then 'exit', then 'close' once the pipes have closed. */
  exit(code: number | null, signal: NodeJS.Signals | null = null, output = ''): void {
    this.exited = true;
    this.stdout.end(output);
    this.stderr.end();
    this.emit('exit', code, signal);
    setImmediate(() => this.emit('close', code, signal));
  }
}

/** A platform that records every spawn and signal instead of acting. */
export function recordingPlatform(os: NodeJS.Platform, overrides: Partial<ProcessPlatform> = {}): ProcessPlatform & { spawns: SpawnCall[]; signals: [number, NodeJS.Signals][] } {
  const spawns: SpawnCall[] = [];
  const signals: [number, NodeJS.Signals][] = [];
  let nextPid = 4000;
  return {
    os,
    spawns,
    signals,
    spawn: (file, args, options) => {
      const child = new FakeChild(nextPid++);
      spawns.push({ file, args, options, child });
      return child as unknown as ChildProcess;
    },
    // Like process.kill: once the command has exited, its group is empty.
    kill: (pid, signal) => {
      signals.push([pid, signal]);
      if (spawns.find((call) => call.child.pid === Math.abs(pid))?.child.exited) throw Object.assign(new Error('kill ESRCH'), { code: 'ESRCH' });
    },
    node: undefined,
    argMaxBytes: () => 2 * 1024 * 1024,
    ...overrides,
  };
}

/** Resolves once `calls` has `count` entries. */
export async function waitForCalls<T>(calls: T[], count: number): Promise<void> {
  while (calls.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
}
