/**
 * The run process's entry (see main/run-protocol.ts): started by the desktop
 * app as an Electron utility process, or by `child_process.fork` in tests.
 * Plain Node: it never imports electron.
 */
import { setFlagsFromString } from 'node:v8';
import { serveRun, type FromRunProcess, type RunPort, type ToRunProcess } from './run-protocol.js';

/** What Electron gives a utility process: `process.parentPort`. */
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function hostPort(): RunPort {
  const parentPort = (process as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      post: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as ToRunProcess)),
    };
  }
  if (!process.send) throw new Error('run-process: start me from the app (utilityProcess or child_process.fork), not directly');
  const send = process.send.bind(process);
  return {
    post: (message: FromRunProcess) => void send(message),
    onMessage: (listener) => process.on('message', (message) => listener(message as ToRunProcess)),
  };
}

// As the CLI does (main/cli.ts): V8's baseline wasm tier for undici's HTTP parser uses less memory.
setFlagsFromString('--liftoff-only');
const service = serveRun(hostPort(), { env: process.env });
// The app's second step when a stop takes too long: cut the run short, so the checks'
// process groups are killed on the way out, then go.
process.once('SIGTERM', () => {
  service.stop();
  // Its last report needs a moment on the wire; a run that will not end gets two seconds.
  void service.done.then(() => setTimeout(() => process.exit(0), 250));
  setTimeout(() => process.exit(143), 2_000).unref();
});
