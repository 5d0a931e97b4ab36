/**
 * A run in its own process: the messages between the desktop app and the run
 * process (main/run-process.ts), and what the run process does with them.
 *
 * The app starts one process per run (Electron's `utilityProcess`; tests use
 * `child_process.fork` with the same messages) and sends it one `run`. The
 * process runs the same engine entry as the CLI (`runBackstop`), sends
 * `progress` as checks finish and one `finished` with the saved report (or
 * `failed` when the run could not start). The app may send `stop`: the run is
 * cut short, its checks' process groups killed, and the cut-short report is
 * still saved and sent; or `email`, when the run should send the day's email
 * after all. The app ends the process after `finished` or `failed`;
 * a process that exits without either crashed, and the app says so.
 *
 * Every message is plain data (structured clone): no functions, no classes.
 */
import type { Report, RunProgress, RunTrigger } from '../shared/types.js';
import { parseConfig } from './engine/config.js';
import { runBackstop, type FoundBefore } from './engine/run.js';

export interface RunRequest {
  /** The config file's absolute path: relative paths in it resolve against its folder. */
  configPath: string;
  /** The text the app last loaded without errors: a file broken since then does not stop the run. */
  configText: string;
  dataDir: string;
  trigger: RunTrigger;
  /** Send the daily email (and its heartbeat) as part of this run. */
  email: boolean;
  /** Damaged files the app met and moved aside since the last run: this run reports them. */
  foundBefore?: FoundBefore;
}

/** From the app to the run process. */
export type ToRunProcess =
  | { type: 'run'; request: RunRequest }
  /** Cut the run short: its checks stop (process groups killed); it still saves and reports. */
  | { type: 'stop' }
  /** Send the email with this run after all: the day's scheduled run joined it while it ran. */
  | { type: 'email' };

/** From the run process to the app. */
export type FromRunProcess =
  | { type: 'progress'; progress: RunProgress }
  /** The run is over and saved (with `report.delivery` when it sent the email). */
  | { type: 'finished'; report: Report }
  /** The run could not start or could not finish (not a crash: the process is fine and says why). */
  | { type: 'failed'; message: string };

/** One end of the channel, whatever carries it (a utility process's parentPort, a forked child's IPC). */
export interface RunPort {
  post(message: FromRunProcess): void;
  onMessage(listener: (message: ToRunProcess) => void): void;
}

export interface RunServiceDeps {
  env: Readonly<Record<string, string | undefined>>;
  now?: () => Date;
}

export interface RunService {
  /** Resolves when the run has ended and `finished` or `failed` was posted. */
  readonly done: Promise<void>;
  /** Cuts the run short (as a `stop` message does). */
  stop(): void;
}

/** The run process's side: serves one run on `port`. */
export function serveRun(port: RunPort, deps: RunServiceDeps): RunService {
  const stopper = new AbortController();
  let started = false;
  let emailAsked = false;
  const done = new Promise<void>((resolve) => {
    port.onMessage((message) => {
      if (message.type === 'stop') stopper.abort();
      else if (message.type === 'email') emailAsked = true;
      if (message.type !== 'run' || started) return;
      started = true;
      execute(port, message.request, { signal: stopper.signal, email: () => message.request.email || emailAsked }, deps).then(resolve, (error: unknown) => {
        port.post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
        resolve();
      });
    });
  });
  return { done, stop: () => stopper.abort() };
}

async function execute(port: RunPort, request: RunRequest, control: { signal: AbortSignal; email(): boolean }, deps: RunServiceDeps): Promise<void> {
  const { signal } = control;
  const config = await parseConfig(request.configText, request.configPath, deps.env);
  const report = await runBackstop({
    configPath: request.configPath,
    dataDir: request.dataDir,
    trigger: request.trigger,
    config,
    env: deps.env,
    ...(deps.now && { now: deps.now }),
    signal,
    // Asked when the checks have finished, so an `email` message sent meanwhile counts.
    // A cut-short run sends no email: sending may take minutes of retries, and the app is quitting.
    email: () => control.email() && !signal.aborted,
    onProgress: (progress) => port.post({ type: 'progress', progress }),
    ...(request.foundBefore && { foundBefore: request.foundBefore }),
  });
  port.post({ type: 'finished', report });
}
