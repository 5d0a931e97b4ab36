/**
 * Run processes for tests. `forkedRuns` is the real thing on a test machine:
 * the built run process (dist/run-process.js) forked with the same
 * messages utilityProcess carries. `inProcessRun` serves the same protocol in
 * this process, for tests that set the run's clock. `scriptedRuns` answers the
 * protocol by hand, for tests that need a run to stay in flight, to crash, or
 * to ignore a stop.
 */
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import type { Report, RunProgress } from '../../shared/types.js';
import { forkRunChild, type LaunchRun, type RunChild } from '../../main/app/run-process.js';
import { serveRun, type FromRunProcess, type RunRequest, type RunServiceDeps, type ToRunProcess } from '../../main/run-protocol.js';

/** The compiled run process: `npm run build` (part of `npm test`) makes it. */
export const RUN_ENTRY = resolve('dist/run-process.js');

export function forkedRuns(options: { execArgv?: string[] } = {}): LaunchRun {
  return forkRunChild(RUN_ENTRY, options);
}

/** A channel end that delivers asynchronously and by structured clone, as a message port does. */
function channel<T>(): { post(message: T): void; on(listener: (message: T) => void): void } {
  const events = new EventEmitter();
  return {
    post: (message) => queueMicrotask(() => events.emit('message', structuredClone(message))),
    on: (listener) => void events.on('message', listener),
  };
}

export function inProcessRun(deps: RunServiceDeps): LaunchRun {
  return () => {
    const down = channel<ToRunProcess>();
    const up = channel<FromRunProcess>();
    const service = serveRun({ post: up.post, onMessage: down.on }, deps);
    const exit = new EventEmitter();
    let ended = false;
    const end = (code: number | null, signal: string | null) => {
      if (ended) return;
      ended = true;
      queueMicrotask(() => exit.emit('exit', code, signal));
    };
    return {
      send: (message) => void (!ended && down.post(message)),
      onMessage: up.on,
      onExit: (listener) => void exit.once('exit', listener),
      stderr: null,
      terminate: () => {
        service.stop();
        void service.done.then(() => end(0, null));
      },
      kill: () => end(null, 'SIGKILL'),
    } satisfies RunChild;
  };
}

export interface ScriptedChild {
  /** The `run` request, once sent. */
  request?: RunRequest;
  /** Every message the app sent, by type. */
  received: ToRunProcess['type'][];
  progress(progress: RunProgress): void;
  finish(report: Report): void;
  fail(message: string): void;
  /** Ends without a report, as a crashed process does. */
  crash(code: number | null, signal: string | null, stderr?: string): void;
  readonly ended: boolean;
}

export interface ScriptedRuns {
  launch: LaunchRun;
  children: ScriptedChild[];
}

/**
 * `answer` is called with each run request: return a report to finish at once,
 * or undefined to leave the run in flight for the test. `onStop` decides what a
 * `stop` does (default: nothing, like a process that is stuck).
 */
export function scriptedRuns(options: { answer?: (request: RunRequest) => Report | undefined; onStop?: (child: ScriptedChild) => void } = {}): ScriptedRuns {
  const children: ScriptedChild[] = [];
  const launch: LaunchRun = () => {
    const toApp = channel<FromRunProcess>();
    const exit = new EventEmitter();
    const stderr = new (class extends EventEmitter {})();
    let ended = false;
    const end = (code: number | null, signal: string | null, said = '') => {
      if (ended) return;
      ended = true;
      if (said) stderr.emit('data', Buffer.from(said));
      setTimeout(() => exit.emit('exit', code, signal), 0);
    };
    const child: ScriptedChild = {
      received: [],
      progress: (progress) => toApp.post({ type: 'progress', progress }),
      finish: (report) => toApp.post({ type: 'finished', report }),
      fail: (message) => toApp.post({ type: 'failed', message }),
      crash: (code, signal, said) => end(code, signal, said),
      get ended() {
        return ended;
      },
    };
    children.push(child);
    return {
      send(message) {
        if (ended) return;
        child.received.push(message.type);
        if (message.type === 'run') {
          child.request = message.request;
          const report = options.answer?.(message.request);
          if (report) child.finish(report);
        }
        if (message.type === 'stop') options.onStop?.(child);
      },
      onMessage: toApp.on,
      onExit: (listener) => void exit.once('exit', listener),
      stderr: stderr as unknown as RunChild['stderr'],
      terminate: () => end(0, null),
      kill: () => end(null, 'SIGKILL'),
    };
  };
  return { launch, children };
}
