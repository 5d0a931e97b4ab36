/**
 * A ping: GET a URL that only needs to be called (a dead man's switch's heartbeat or
 * failure URL). Its path is usually its secret (`https://hc-ping.com/<uuid>`), so what
 * comes back names the host at most, never the path or query.
 */
import { request } from './request.js';
import { describeStatus, isSuccess } from './status.js';

/** Undefined when the URL answered 2xx; otherwise why not, in the words of every other request. */
export async function ping(url: string, timeoutMs: number): Promise<string | undefined> {
  // The answer is a word or two ("OK"); read a little of it for an error line, never more.
  const outcome = await request({ signal: AbortSignal.timeout(timeoutMs), timeoutMs }, url, { maxBodyBytes: 16_384, whenLarger: 'cut', maxRedirects: 0 });
  if (!outcome.ok) return outcome.error;
  if (isSuccess(outcome.status)) return undefined;
  return describeStatus({ status: outcome.status, headers: outcome.headers, body: outcome.body });
}
