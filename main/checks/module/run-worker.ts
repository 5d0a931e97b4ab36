/**
 * Runs a user's module in its own worker thread, so an endless loop, a throw, a
 * process.exit or an unhandled rejection ends that thread and becomes an ERROR
 * line, never the run. The worker is always terminated when the check settles.
 */
import { Worker } from 'node:worker_threads';
import { calendarDate, configDuration } from '../../../shared/words.js';
import type { CheckContext, CheckStatus } from '../types.js';
import { WORKER_SCRIPT } from './worker-script.js';

/** What a module that runs out of time reports (the runner writes it; see `timeoutMessage` in the check contract). */
export function timeoutMessage(timeoutMs: number): string {
  return `stopped after ${configDuration(timeoutMs)}: the module's check did not finish (an endless loop, or a request without a timeout?)`;
}

/** What the worker posts back (see worker-script.ts). */
type WorkerMessage =
  | { type: 'log'; message: string }
  | { type: 'state'; name: string; value: string }
  | { type: 'result'; result: unknown }
  | { type: 'failure'; message: string };

/** Enough heap for any sane check, little enough that a runaway one cannot starve the run. */
const HEAP_LIMIT_MB = 256;

function failure(result: string): CheckStatus {
  return { level: 'ERROR', result };
}

function forwardLines(stream: NodeJS.ReadableStream, label: string, log: (message: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (pending + chunk).split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) log(`${label}: ${line}`);
  });
  stream.on('end', () => {
    if (pending !== '') log(`${label}: ${pending}`);
  });
}

/**
 * Imports `moduleUrl` in a fresh worker (so an edited module is picked up on the
 * next run) and returns what its `check(params, ctx)` returned, for the runner to
 * validate like any check's result.
 */
export function runInWorker(moduleUrl: string, params: Record<string, unknown>, ctx: CheckContext): Promise<unknown> {
  if (ctx.signal.aborted) return Promise.resolve(failure('stopped before the module started: the check was cancelled'));
  const now = ctx.now();
  const worker = new Worker(WORKER_SCRIPT, {
    eval: true,
    workerData: {
      moduleUrl,
      params,
      state: ctx.state.all(),
      today: calendarDate(now, ctx.timezone),
      now: now.toISOString(),
      timezone: ctx.timezone,
    },
    stdout: true,
    stderr: true,
    resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB },
  });
  forwardLines(worker.stdout, 'stdout', ctx.log);
  forwardLines(worker.stderr, 'stderr', ctx.log);

  return new Promise<unknown>((resolve) => {
    let settled = false;
    const settle = (outcome: unknown) => {
      if (settled) return;
      settled = true;
      ctx.signal.removeEventListener('abort', onAbort);
      void worker.terminate();
      resolve(outcome);
    };
    const onAbort = () => {
      // Async work could stop on ctx.signal, but a synchronous loop never yields: terminate is what stops it.
      // The runner (like AbortSignal.timeout) aborts a timeout with a reason named TimeoutError.
      const timedOut = (ctx.signal.reason as { name?: unknown } | undefined)?.name === 'TimeoutError';
      worker.postMessage({ type: 'abort', reason: timedOut ? 'the check timed out' : 'the run was stopped' });
      settle(
        failure(
          timedOut
            ? timeoutMessage(ctx.timeoutMs)
            : "stopped: the run was stopped before the module's check finished",
        ),
      );
    };
    ctx.signal.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (message: WorkerMessage) => {
      switch (message.type) {
        case 'log':
          ctx.log(message.message);
          break;
        case 'state':
          ctx.state.set(message.name, message.value);
          break;
        case 'result':
          settle(message.result ?? undefined);
          break;
        case 'failure':
          settle(failure(message.message));
          break;
      }
    });
    worker.on('error', (error) => {
      const memory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      settle(failure(memory ? `the module ran out of memory (limit ${HEAP_LIMIT_MB} MB)` : `the module crashed: ${error.message}`));
    });
    worker.on('exit', (code) => settle(failure(`the module's worker ended (exit code ${code}) before its check returned`)));
  });
}
