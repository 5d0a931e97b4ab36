/**
 * Runs one command and waits until it has ended, with its output captured up to a cap.
 * Nothing it started outlives the call:
 * - POSIX: the command leads its own process group; on abort the group gets SIGTERM, then
 *   SIGKILL; what is still in the group when the command exits (a background job, a
 *   grandchild holding the pipes) is killed too.
 * - Linux: every process carrying the check's mark (see survivors.ts) is found and killed,
 *   including those that left the group (`setsid`, a daemon's double fork), and named.
 * - Windows: on abort the command's process tree is ended with `taskkill /T /F`.
 */
import type { ChildProcess } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { startTooLong } from './environment.js';
import { captureStream, OUTPUT_CAP_BYTES, OutputTail, TAIL_CHARS, type CapturedOutput } from './output.js';
import { endTree, spawnOptions, type ProcessPlatform } from './platform.js';
import { killMarked, type MarkedProcess } from './survivors.js';

export { describeExit, outputExcerpt, truncationNote } from './output.js';

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
  platform: ProcessPlatform;
  /** Windows: pass `args` exactly as built (cmd.exe). */
  verbatim?: boolean;
  /** The value of the check's mark in `env`: on Linux, whatever carries it when the command ends is killed. */
  mark?: string;
  /** stdout lines kept out of the output's tail (the protocol's own lines). */
  hideFromTail?: (line: string) => boolean;
  /** Each whole line of stdout (within the cap) as it arrives, also when the command is then stopped. */
  onStdoutLine?: (line: string) => void;
  outputCapBytes?: number;
  /** How long the pipes may stay open after the command exits before the group is killed. */
  pipeGraceMs?: number;
  /** How long the group has between SIGTERM and SIGKILL on abort. */
  killGraceMs?: number;
}

export interface FinishedRun {
  started: true;
  pid: number;
  /** The exit code, or null when a signal ended the command. */
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  /** The abort signal fired before the command exited, so its group was killed. */
  aborted: boolean;
  /**
   * Processes the command left running, found by its mark and killed: after a normal exit all
   * of them; after an abort those outside its process group (the group's end is the abort's).
   */
  leftBehind: MarkedProcess[];
  /** Processes were still in the group after the command exited, and were killed (whether or not they could be named). */
  killedLeftovers: boolean;
  stdout: CapturedOutput;
  stderr: CapturedOutput;
  /** Bytes kept of each stream. */
  outputCapBytes: number;
  /** The last few KiB of stdout and stderr together, whole lines in the order they arrived, without hidden lines. */
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
  const outcome = await new Promise<FinishedRun | { started: false; error: unknown }>((resolve) => startAndWait(request, resolve));
  if (outcome.started) return outcome;
  return { started: false, reason: await describeStartFailure(outcome.error, request) };
}

/**
 * The commands of every check now running (their own pids; each is marked with its own check's
 * mark): a search for one check's leftovers need not read them.
 */
const runningCommands = new Set<number>();
/**
 * For each check not yet settled, by its command's pid: the pids the other checks' commands were
 * given since it started. Where no other process was started since, nothing of its own is left,
 * and a search can say so without reading a single environment.
 */
const startedSince = new Map<number, Set<number>>();

function startAndWait(request: RunRequest, resolve: (outcome: FinishedRun | { started: false; error: unknown }) => void): void {
  const { platform } = request;
  const cap = request.outputCapBytes ?? OUTPUT_CAP_BYTES;
  const pipeGraceMs = request.pipeGraceMs ?? 500;
  // Short enough that the run (which waits up to 800 ms for timed-out checks to clean up) still sees the SIGKILL sent.
  const killGraceMs = request.killGraceMs ?? 500;
  const startedAt = performance.now();

  let child: ChildProcess;
  try {
    child = platform.spawn(request.file, request.args, spawnOptions(platform, request.cwd, request.env, request.verbatim ?? false));
  } catch (error) {
    resolve({ started: false, error });
    return;
  }

  if (child.pid !== undefined) {
    for (const since of startedSince.values()) since.add(child.pid);
    startedSince.set(child.pid, new Set());
    runningCommands.add(child.pid);
  }
  const tail = new OutputTail(TAIL_CHARS, request.hideFromTail);
  const stdout = captureStream(child.stdout!, 'stdout', cap, tail, request.onStdoutLine);
  const stderr = captureStream(child.stderr!, 'stderr', cap, tail);

  let exitCode: number | null = null;
  let exitSignal: NodeJS.Signals | null = null;
  let exited = false;
  let aborted = false;
  let killedLeftovers = false;
  let settled = false;
  const leftBehind = new Map<number, MarkedProcess>();
  const timers: NodeJS.Timeout[] = [];
  const pid = child.pid;

  const settle = (outcome: FinishedRun | { started: false; error: unknown }): void => {
    if (settled) return;
    settled = true;
    if (pid !== undefined) startedSince.delete(pid);
    timers.forEach(clearTimeout);
    request.signal.removeEventListener('abort', onAbort);
    resolve(outcome);
  };

  /**
   * Linux, once the command has exited: kills and names every process carrying the check's mark,
   * but for members of `spareGroup`. True when it found that nothing the command started is left
   * at all (so its group is empty too).
   */
  const killMarkedOnes = (spareGroup?: number): boolean => {
    if (platform.os !== 'linux' || request.mark === undefined || pid === undefined) return false;
    const known = { running: runningCommands, startedSince: startedSince.get(pid) };
    const search = killMarked(request.mark, pid, platform.kill, { spareGroup, known, killedBefore: leftBehind });
    for (const marked of search.killed) leftBehind.set(marked.pid, marked);
    return search.noneLeft;
  };

  /**
   * Ends what the command left running. After a normal exit the marked processes are named
   * before the group is killed, so each is reported; after an abort the group is being ended
   * by the abort's own signals, so only what left it counts as left behind.
   */
  const killLeftovers = (): void => {
    // Windows: once the command has exited its pid may belong to another program, and there is no group to signal.
    if (pid === undefined || platform.os === 'win32') return;
    // Most commands leave nothing: once that is proven, there is no group left to signal either.
    if (!aborted && killMarkedOnes()) return;
    if (endTree(platform, pid, 'SIGKILL')) killedLeftovers = true;
    if (aborted) killMarkedOnes(pid);
  };

  const finish = (): void => {
    if (settled || pid === undefined) return;
    killLeftovers();
    settle({
      started: true,
      pid,
      exitCode,
      exitSignal,
      aborted,
      leftBehind: [...leftBehind.values()],
      killedLeftovers,
      stdout: stdout.result(),
      stderr: stderr.result(),
      outputCapBytes: cap,
      tail: tail.text(),
      durationMs: Math.round(performance.now() - startedAt),
    });
  };

  // The command has exited but something it started still holds the pipes: end it, then stop waiting.
  const stopWaitingForPipes = (): void => {
    killLeftovers();
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
    endTree(platform, pid!, 'SIGTERM');
    timers.push(
      setTimeout(() => {
        if (platform.os !== 'win32' || !exited) endTree(platform, pid!, 'SIGKILL');
      }, killGraceMs),
    );
  }

  child.once('error', (error) => {
    // Without a pid the command never started; other errors (a failed kill) change nothing.
    if (child.pid === undefined) settle({ started: false, error });
  });
  child.once('exit', (code, signalName) => {
    exited = true;
    runningCommands.delete(pid!);
    exitCode = code;
    exitSignal = signalName;
    // After an abort, what left the group is ended at once (the group itself has its SIGTERM grace),
    // so it is reported while the run still waits for timed-out checks to clean up.
    if (aborted) killMarkedOnes(pid);
    timers.push(setTimeout(stopWaitingForPipes, pipeGraceMs));
  });
  // 'close' comes after 'exit' once every pipe has closed: all output has been read.
  child.once('close', finish);

  if (pid === undefined) return; // the 'error' event follows
  if (request.signal.aborted) onAbort();
  else request.signal.addEventListener('abort', onAbort, { once: true });
}

/** Why the command could not start, in plain words; only looked into once it has failed, so a start costs no extra I/O. */
async function describeStartFailure(error: unknown, request: RunRequest): Promise<string> {
  const cwdProblem = await checkCwd(request.cwd);
  if (cwdProblem) return cwdProblem;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ENOENT':
      return (await missingInterpreter(request)) ?? `${request.fileRole} not found: ${request.file}`;
    case 'EACCES':
      return `${request.fileRole} is not executable (permission denied): ${request.file}`;
    case 'E2BIG':
      return `arguments and environment are too long to start ${request.file}: ${startTooLong(request.env, [request.file, ...request.args], request.platform)}`;
    case 'EINVAL':
      if (request.platform.os === 'win32' && /\.(?:bat|cmd)$/i.test(request.file)) {
        return `${request.file} is a batch file, which Windows runs only through cmd.exe: write \`command\` as a string, like "${request.file}"`;
      }
      return `could not start ${request.file}: ${message}`;
    default:
      return `could not start ${request.file}: ${message}`;
  }
}

async function checkCwd(cwd: string): Promise<string | undefined> {
  try {
    const info = await stat(cwd);
    return info.isDirectory() ? undefined : `cwd is not a directory: ${cwd}`;
  } catch {
    return `cwd does not exist: ${cwd}`;
  }
}

/** A script that exists but names a missing interpreter on its `#!` line fails as if it were missing itself: say which it is. */
async function missingInterpreter(request: RunRequest): Promise<string | undefined> {
  if (!/[\\/]/.test(request.file)) return undefined;
  try {
    const start = (await readFile(isAbsolute(request.file) ? request.file : resolvePath(request.cwd, request.file))).subarray(0, 256).toString('utf8');
    const shebang = /^#!\s*(\S+)/.exec(start);
    return shebang ? `interpreter not found: ${shebang[1]} (named on the first line of ${request.file})` : undefined;
  } catch {
    return undefined;
  }
}
