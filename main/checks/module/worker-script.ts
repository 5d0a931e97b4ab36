/**
 * The code each module check's worker thread runs, as plain JavaScript text
 * (`new Worker(code, { eval: true })`): the same text works from the compiled
 * dist/ and under the test runner, with no extra file to ship beside the build.
 *
 * It imports the user's module, builds its `ctx`, calls `check(params, ctx)` and
 * posts back one of these messages (the protocol is typed in run-worker.ts):
 *   { type: 'log', message }      ctx.log and the module's stdout/stderr
 *   { type: 'state', name, value } each ctx.state.set, kept and saved when the check ends
 *   { type: 'result', result }     what check returned (null for nothing)
 *   { type: 'failure', message }   why the module could not report
 * The main thread sends { type: 'abort', reason } when the check's time is up.
 */
export const WORKER_SCRIPT = String.raw`
'use strict';
const { workerData, parentPort } = require('node:worker_threads');
const { moduleUrl, params, state, today, now, timezone } = workerData;
const post = (message) => parentPort.postMessage(message);
// A thrown plain object would read "[object Object]": show its content instead.
const describeValue = (value) => {
  if (typeof value !== 'object' || value === null) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};
const describe = (error) =>
  error instanceof Error ? (error.name && error.name !== 'Error' ? error.name + ': ' : '') + error.message : describeValue(error);

const controller = new AbortController();
parentPort.on('message', (message) => {
  if (message && message.type === 'abort') controller.abort(new Error(message.reason));
});

// A module must report, not end the process: say so, then let the thread end.
const exitThread = process.exit.bind(process);
process.exit = (code) => {
  post({ type: 'failure', message: 'the module called process.exit(' + (code ?? '') + '): return statuses from check() instead' });
  exitThread(code);
};
process.on('unhandledRejection', (reason) => {
  post({ type: 'failure', message: 'the module left a rejected promise unhandled: ' + describe(reason) });
});

function findCheck(loaded) {
  if (typeof loaded.check === 'function') return loaded.check;
  const fallback = loaded.default;
  if (fallback && typeof fallback.check === 'function') return fallback.check;
  if (typeof fallback === 'function') return fallback;
  return undefined;
}

async function main() {
  let loaded;
  try {
    loaded = await import(moduleUrl);
  } catch (error) {
    post({ type: 'failure', message: 'cannot load the module: ' + describe(error) });
    return;
  }
  const check = findCheck(loaded);
  if (!check) {
    post({ type: 'failure', message: 'the module exports no check(params, ctx) function: add export async function check(params, ctx) { ... }' });
    return;
  }

  const values = Object.assign({}, state);
  const ctx = {
    fetch: (input, init = {}) =>
      fetch(input, { ...init, signal: init.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal }),
    state: {
      get: (name) => values[name],
      set: (name, value) => {
        if (typeof value !== 'string') {
          throw new TypeError('ctx.state values are strings: save JSON.stringify(value) under ' + JSON.stringify(name));
        }
        values[name] = value;
        post({ type: 'state', name: String(name), value });
      },
    },
    log: (message) => post({ type: 'log', message: String(message) }),
    today,
    now,
    timezone,
    signal: controller.signal,
  };

  let result;
  try {
    result = await check(params, ctx);
  } catch (error) {
    if (error instanceof Error && error.stack) post({ type: 'log', message: error.stack });
    post({ type: 'failure', message: "the module's check threw: " + describe(error) });
    return;
  }
  try {
    post({ type: 'result', result: result === undefined ? null : result });
  } catch (error) {
    post({ type: 'failure', message: "the module's check returned something that is not plain data (" + describe(error) + '): return { level, result } objects' });
  }
}

main();
`;
