/**
 * `tcp`: can a TCP connection be opened to host:port? The simplest proof that a
 * database, SMTP relay or anything else without an HTTP health page is listening.
 */
import { connect } from 'node:net';
import * as z from 'zod';
import { elapsedTime } from '../../../shared/words.js';
import { describeNetworkError, errorMessage } from '../../net/index.js';
import { host, port } from '../fields.js';
import { defineCheck, type CheckStatus } from '../types.js';

export const tcpSchema = z.strictObject({
  host: host('db.internal', 'Host name or IP address to connect to.'),
  port: port.meta({ description: 'TCP port to connect to.', examples: [5432] }),
});

/** Opens a connection and closes it at once; never rejects. */
export function probeTcp(host: string, portNumber: number, signal: AbortSignal): Promise<CheckStatus> {
  const startedAt = performance.now();
  const stopped: CheckStatus = { level: 'ERROR', result: `no connection to ${host}:${portNumber} before the check was stopped` };
  if (signal.aborted) return Promise.resolve(stopped);
  return new Promise((resolvePromise) => {
    const socket = connect({ host, port: portNumber });
    const finish = (status: CheckStatus) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolvePromise(status);
    };
    const onAbort = () => finish(stopped);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      finish({ level: 'OK', result: `connected in ${elapsedTime(performance.now() - startedAt)}` });
    });
    socket.once('error', (error) => {
      finish({ level: 'ERROR', result: describeNetworkError(error, `${host}:${portNumber}`) ?? errorMessage(error) });
    });
  });
}

export default defineCheck({
  kind: 'tcp',
  description: 'Opens a TCP connection to host:port: proves something is listening.',
  schema: tcpSchema,
  pool: 'network',
  check: (params, ctx) => probeTcp(params.host, params.port, ctx.signal),
});
