/**
 * The app's side of a run in its own process (the messages are in
 * main/run-protocol.ts). The tray and the window stay responsive whatever a
 * run does, and a run that crashes its process (out of memory, a native crash
 * in a module check) becomes an error the app shows, never a dead tray.
 */
import { fork } from 'node:child_process';
import { PassThrough, type Readable } from 'node:stream';
import type { Report, RunProgress } from '../../shared/types.js';
import type { FromRunProcess, RunRequest, ToRunProcess } from '../run-protocol.js';
import type { ElectronApi } from './electron-api.js';

/** One run process, whatever started it: Electron's utilityProcess in the app, child_process.fork in tests. */
export interface RunChild {
  send(message: ToRunProcess): void;
  onMessage(listener: (message: FromRunProcess) => void): void;
  /** Once, when the process has ended. `signal` when a POSIX signal ended it. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** Its stderr, for what a crash said. */
  readonly stderr: Readable | null;
  /** Asks it to end: SIGTERM on POSIX (it then stops its run), ended outright on Windows. */
  terminate(): void;
  /** Ends it now. */
  kill(): void;
}

export type LaunchRun = () => RunChild;

/** Sends SIGKILL where there is such a thing; elsewhere the polite way is already the hard one. */
function hardKill(pid: number | undefined, fallback: () => void): void {
  if (pid === undefined || process.platform === 'win32') return fallback();
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Runs in an Electron utility process: a Node process of its own, reached over a message port. */
export function utilityRunChild(utilityProcess: ElectronApi['utilityProcess'], entry: string): LaunchRun {
  return () => {
    const child = utilityProcess.fork(entry, [], { stdio: 'pipe', serviceName: 'Backstop run' });
    // Messages wait for the process to be up, and go nowhere once it has ended.
    let state: 'starting' | 'up' | 'ended' = 'starting';
    const queue: ToRunProcess[] = [];
    child.once('spawn', () => {
      if (state !== 'starting') return;
      state = 'up';
      for (const message of queue.splice(0)) child.postMessage(message);
    });
    child.once('exit', () => void (state = 'ended'));
    // Nothing reads its stdout, which must not fill up.
    child.stdout?.resume();
    // A fatal V8 error (out of memory) arrives as an event: written into the stderr the crash report reads.
    const stderr = new PassThrough();
    child.stderr?.pipe(stderr);
    child.on('error', (type: string, location: string) => void stderr.write(`${type}: ${location}\n`));
    return {
      send: (message) => {
        if (state === 'up') child.postMessage(message);
        else if (state === 'starting') queue.push(message);
      },
      onMessage: (listener) => void child.on('message', (message: unknown) => listener(message as FromRunProcess)),
      onExit: (listener) => void child.once('exit', (code: number) => listener(code, null)),
      stderr,
      terminate: () => void child.kill(),
      kill: () => hardKill(child.pid, () => void child.kill()),
    };
  };
}

/**
 * Runs in a forked Node process, with the same messages (structured clone, as
 * a message port): what tests use in place of utilityProcess.
 */
export function forkRunChild(entry: string, options: { execArgv?: string[] } = {}): LaunchRun {
  return () => {
    const child = fork(entry, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced', execArgv: options.execArgv ?? [] });
    const stderr = new PassThrough();
    child.stderr?.pipe(stderr);
    // One exit, whether the process ended or never started (then 'exit' may not come).
    let ending: [code: number | null, signal: string | null] | undefined;
    const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
    const markEnded = (code: number | null, signal: string | null) => {
      if (ending) return;
      ending = [code, signal];
      for (const listener of exitListeners) listener(code, signal);
    };
    child.once('exit', markEnded);
    child.on('error', (error) => {
      stderr.write(`${error.message}\n`);
      if (child.pid === undefined) markEnded(null, null);
    });
    return {
      send: (message) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => void child.on('message', (message) => listener(message as FromRunProcess)),
      onExit: (listener) => {
        exitListeners.push(listener);
        if (ending) listener(...ending);
      },
      stderr,
      terminate: () => void child.kill('SIGTERM'),
      kill: () => hardKill(child.pid, () => void child.kill()),
    };
  };
}

export interface RunResult {
  /** Saved, with `delivery` when it sent the email. */
  report: Report;
}

/** A run that did not produce a report: what to show the user, worded as such. */
export class RunProblem extends Error {
  override name = 'RunProblem';
}

export interface RunInFlight {
  /** The saved report; rejects with a `RunProblem` when there is none. */
  readonly result: Promise<RunResult>;
  /** Asks the run to send the day's email after all. */
  sendEmail(): void;
  /**
   * Cuts the run short: it stops its checks (their process groups killed) and
   * still saves and reports what it has. After `graceMs` the process is asked
   * to end, and then ended.
   */
  stop(graceMs: number): Promise<void>;
}

/** How long a process that was asked to end gets before it is ended. */
const TERMINATE_GRACE_MS = 3_000;

export function startRun(launch: LaunchRun, request: RunRequest, onProgress: (progress: RunProgress) => void): RunInFlight {
  const child = launch();
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4_096);
  });
  let stopping = false;
  let settle: ((outcome: { ok: RunResult } | { problem: string }) => void) | undefined;
  const settled = new Promise<{ ok: RunResult } | { problem: string }>((resolve) => (settle = resolve));
  const exited = new Promise<void>((resolve) => {
    child.onExit((code, signal) => {
      settle?.({ problem: stopping ? 'the run was stopped before it could save its report' : `the run itself crashed: ${crashReason(code, signal, stderrTail)}` });
      resolve();
    });
  });
  /** The run has reported: end the process (it has nothing left to do), and make sure it goes. */
  const finish = (outcome: { ok: RunResult } | { problem: string }) => {
    settle?.(outcome);
    settle = undefined;
    child.terminate();
    const timer = setTimeout(() => child.kill(), TERMINATE_GRACE_MS);
    void exited.then(() => clearTimeout(timer));
  };
  child.onMessage((message) => {
    if (message.type === 'progress') onProgress(message.progress);
    else if (message.type === 'finished') finish({ ok: { report: message.report } });
    else if (message.type === 'failed') finish({ problem: `the run failed: ${message.message}` });
  });
  child.send({ type: 'run', request });

  const result = settled.then((outcome) => {
    if ('ok' in outcome) return outcome.ok;
    throw new RunProblem(outcome.problem);
  });
  const waitFor = (promise: Promise<unknown>, ms: number) => {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([promise.then(() => true), new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)))]).finally(() => clearTimeout(timer));
  };
  return {
    result,
    sendEmail: () => child.send({ type: 'email' }),
    async stop(graceMs) {
      stopping = true;
      child.send({ type: 'stop' });
      if (await waitFor(exited, graceMs)) return;
      child.terminate();
      if (await waitFor(exited, TERMINATE_GRACE_MS)) return;
      child.kill();
      await waitFor(exited, TERMINATE_GRACE_MS);
    },
  };
}

/** `out of memory (…the process's last words…)`, `killed by SIGSEGV`, `exit code 0xC0000005`. */
export function crashReason(code: number | null, signal: string | null, stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const outOfMemory = lines.find((line) => /out of memory|Allocation failed|heap limit/i.test(line));
  // V8 follows its out-of-memory line with a native backtrace: the line that says what happened is the one to show.
  const telling = outOfMemory ?? lines.at(-1);
  const said = telling ? ` (${telling.length > 200 ? `${telling.slice(0, 200)}…` : telling})` : '';
  if (outOfMemory) return `out of memory${said}`;
  if (signal) return `killed by ${signal}${said}`;
  if (code === null) return `it ended without a report${said}`;
  // Windows reports crashes as NTSTATUS codes, read in hex: 0xC0000005 is an access violation.
  const shown = code > 0x7fffffff || code < 0 ? `0x${(code >>> 0).toString(16).toUpperCase()}` : String(code);
  return `exit code ${shown}${said}`;
}
