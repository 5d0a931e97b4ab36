/**
 * Runs one command in its own process group and waits until it has ended,
 * with its output captured up to a cap. Nothing it started outlives the call:
 * the whole group is killed on abort, and anything still in the group when the
 * command exits (a background job, a grandchild holding the pipes) is killed too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { formatBytes } from '../../../shared/words.js';

/** About 1 MiB of each stream is kept; the rest is read and discarded so the child never blocks on a full pipe. */
export const OUTPUT_CAP_BYTES = 1024 * 1024;
/** Characters of combined output, in arrival order, kept for error messages. */
const TAIL_CHARS = 4096;

export interface RunRequest {
  /** Program to execute (a path, or a name looked up in `env.PATH`). */
  file: string;
  args: string[];
  /** How to name `file` when it cannot be found: `command` or `shell`. */
  fileRole: 'command' | 'shell';
  /** Absolute working directory. */
  cwd: string;
  env: Record<string, string>;
  signal: AbortSignal;
  outputCapBytes?: number;
  /** How long the pipes may stay open after the command exits before the group is killed. */
  pipeGraceMs?: number;
  /** How long the group has between SIGTERM and SIGKILL on abort. */
  killGraceMs?: number;
}

export interface CapturedOutput {
  /** The first `outputCapBytes` bytes, decoded as UTF-8. */
  text: string;
  /** Bytes the stream carried in total. */
  bytes: number;
  truncated: boolean;
}

export interface FinishedRun {
  started: true;
  pid: number;
  /** The exit code, or null when a signal ended the command. */
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  /** The abort signal fired before the command exited, so its group was killed. */
  aborted: boolean;
  /** Processes were still in the group after the command exited, and were killed. */
  killedLeftovers: boolean;
  stdout: CapturedOutput;
  stderr: CapturedOutput;
  /** Bytes kept of each stream. */
  outputCapBytes: number;
  /** The last few KiB of stdout and stderr together, in the order they arrived. */
  tail: string;
  durationMs: number;
}

export interface FailedStart {
  started: false;
  /** Plain words: `command not found: foo`, `cwd does not exist: /x`. */
  reason: string;
}

export type RunOutcome = FinishedRun | FailedStart;

export async function runProcess(request: RunRequest): Promise<RunOutcome> {
  const cwdProblem = await checkCwd(request.cwd);
  if (cwdProblem) return { started: false, reason: cwdProblem };
  return new Promise((resolve) => startAndWait(request, resolve));
}

async function checkCwd(cwd: string): Promise<string | undefined> {
  try {
    const info = await stat(cwd);
    return info.isDirectory() ? undefined : `cwd is not a directory: ${cwd}`;
  } catch {
    return `cwd does not exist: ${cwd}`;
  }
}

function startAndWait(request: RunRequest, resolve: (outcome: RunOutcome) => void): void {
  const cap = request.outputCapBytes ?? OUTPUT_CAP_BYTES;
  const pipeGraceMs = request.pipeGraceMs ?? 500;
  // Short enough that the run (which waits up to 800 ms for timed-out checks to clean up) still sees the SIGKILL sent.
  const killGraceMs = request.killGraceMs ?? 500;
  const startedAt = performance.now();

  let child: ChildProcess;
  try {
    // detached: the child calls setsid(), so it leads a new process group whose id is its pid.
    child = spawn(request.file, request.args, {
      cwd: request.cwd,
      env: request.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    resolve({ started: false, reason: describeSpawnError(error, request) });
    return;
  }

  const tail = new TailBuffer(TAIL_CHARS);
  const stdout = captureStream(child.stdout!, cap, tail);
  const stderr = captureStream(child.stderr!, cap, tail);

  let exitCode: number | null = null;
  let exitSignal: NodeJS.Signals | null = null;
  let exited = false;
  let aborted = false;
  let killedLeftovers = false;
  let settled = false;
  const timers: NodeJS.Timeout[] = [];

  const pid = child.pid;
  const killGroup = (signalName: NodeJS.Signals): boolean => {
    if (pid === undefined) return false;
    try {
      process.kill(-pid, signalName);
      return true;
    } catch {
      return false; // ESRCH: the group is already empty
    }
  };

  const settle = (outcome: RunOutcome): void => {
    if (settled) return;
    settled = true;
    timers.forEach(clearTimeout);
    request.signal.removeEventListener('abort', onAbort);
    resolve(outcome);
  };

  const finish = (): void => {
    if (settled || pid === undefined) return;
    // Whatever is still in the group was started by the command and would otherwise run on unsupervised.
    if (killGroup('SIGKILL')) killedLeftovers = true;
    settle({
      started: true,
      pid,
      exitCode,
      exitSignal,
      aborted,
      killedLeftovers,
      stdout: stdout.result(),
      stderr: stderr.result(),
      outputCapBytes: cap,
      tail: tail.text(),
      durationMs: Math.round(performance.now() - startedAt),
    });
  };

  // The command has exited but something it started still holds the pipes: kill the group, then stop waiting.
  const stopWaitingForPipes = (): void => {
    if (killGroup('SIGKILL')) killedLeftovers = true;
    timers.push(
      setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish();
      }, pipeGraceMs),
    );
  };

  function onAbort(): void {
    if (exited) {
      stopWaitingForPipes();
      return;
    }
    aborted = true;
    killGroup('SIGTERM');
    timers.push(setTimeout(() => killGroup('SIGKILL'), killGraceMs));
  }

  child.once('error', (error) => {
    // Without a pid the command never started; other errors (a failed kill) change nothing.
    if (child.pid === undefined) settle({ started: false, reason: describeSpawnError(error, request) });
  });
  child.once('exit', (code, signalName) => {
    exited = true;
    exitCode = code;
    exitSignal = signalName;
    timers.push(setTimeout(stopWaitingForPipes, pipeGraceMs));
  });
  // 'close' comes after 'exit' once every pipe has closed: all output has been read.
  child.once('close', finish);

  if (pid === undefined) return; // the 'error' event follows
  if (request.signal.aborted) onAbort();
  else request.signal.addEventListener('abort', onAbort, { once: true });
}

function describeSpawnError(error: unknown, request: RunRequest): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ENOENT':
      return `${request.fileRole} not found: ${request.file}`;
    case 'EACCES':
      return `${request.fileRole} is not executable (permission denied): ${request.file}`;
    case 'E2BIG':
      return `arguments and environment are too long to start ${request.file}`;
    default:
      return `could not start ${request.file}: ${message}`;
  }
}

function captureStream(stream: Readable, cap: number, tail: TailBuffer): { result(): CapturedOutput } {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let totalBytes = 0;
  const tailDecoder = new StringDecoder('utf8');
  stream.on('data', (chunk: Buffer) => {
    totalBytes += chunk.length;
    if (keptBytes < cap) {
      const part = chunk.length <= cap - keptBytes ? chunk : chunk.subarray(0, cap - keptBytes);
      kept.push(part);
      keptBytes += part.length;
    }
    // Only the end of a chunk can reach the tail; decoding all of a 50 MB stream would be wasted work.
    tail.push(tailDecoder.write(chunk.length > TAIL_CHARS ? chunk.subarray(-TAIL_CHARS) : chunk));
  });
  return {
    result: () => ({
      text: Buffer.concat(kept).toString('utf8'),
      bytes: totalBytes,
      truncated: totalBytes > keptBytes,
    }),
  };
}

class TailBuffer {
  private value = '';
  constructor(private readonly limit: number) {}
  push(text: string): void {
    this.value = (this.value + text).slice(-this.limit);
  }
  text(): string {
    return this.value;
  }
}

/** `exit code 3` or `killed by signal SIGSEGV`. */
export function describeExit(run: FinishedRun): string {
  return run.exitSignal ? `killed by signal ${run.exitSignal}` : `exit code ${run.exitCode ?? 'unknown'}`;
}

/** The end of the combined output, trimmed, for a result line: `…last words`. */
export function outputExcerpt(run: FinishedRun, maxChars = 500): string {
  const text = run.tail.trim();
  return text.length <= maxChars ? text : `…${text.slice(-maxChars).trimStart()}`;
}

/** ` (output truncated: stdout was 52.4 MB; only the first 1 MB of each is read)`, or '' when nothing was cut. */
export function truncationNote(run: FinishedRun): string {
  const cut = [run.stdout.truncated ? `stdout was ${formatBytes(run.stdout.bytes)}` : '', run.stderr.truncated ? `stderr was ${formatBytes(run.stderr.bytes)}` : '']
    .filter(Boolean)
    .join(', ');
  return cut ? ` (output truncated: ${cut}; only the first ${formatBytes(run.outputCapBytes)} of each is read)` : '';
}
