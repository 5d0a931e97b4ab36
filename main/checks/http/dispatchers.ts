/**
 * One undici dispatcher per distinct connection policy, kept for the process
 * lifetime: a run starts hundreds of checks at once, and sharing an Agent lets
 * them share keep-alive connections and TLS sessions instead of opening a pool
 * per check.
 */
import { createHash } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import type * as Undici from 'undici';
import type { Dispatcher } from 'undici';
import { withRootCas } from '../tls/trust.js';

export interface ConnectionPolicy {
  /** Skip certificate verification (self-signed test systems). */
  insecure: boolean;
  /** Extra CAs to trust besides Node's bundled roots (the config's PEM file). */
  caPem?: string;
  /** Redirects followed before the last 3xx is returned as it is. */
  maxRedirects: number;
}

const dispatchers = new Map<string, Dispatcher>();

type Undici = typeof Undici;
let undici: Promise<Undici> | undefined;

/** undici, loaded on first use: a run without URL checks starts faster and smaller. */
export function loadUndici(): Promise<Undici> {
  return (undici ??= import('undici'));
}

function keyOf(policy: ConnectionPolicy): string {
  const caDigest = policy.caPem === undefined ? 'default' : createHash('sha256').update(policy.caPem).digest('hex');
  return `${policy.insecure ? 'insecure' : 'verify'}|${caDigest}|${policy.maxRedirects}`;
}

export async function dispatcherFor(policy: ConnectionPolicy): Promise<Dispatcher> {
  const key = keyOf(policy);
  let dispatcher = dispatchers.get(key);
  if (dispatcher === undefined) {
    const { Agent, interceptors } = await loadUndici();
    const agent = new Agent({
      connect: {
        rejectUnauthorized: !policy.insecure,
        // Parsing ~150 root certificates per connection is slow: build the context once per policy.
        ...(policy.caPem === undefined ? {} : { secureContext: createSecureContext({ ca: withRootCas(policy.caPem) }) }),
      },
    });
    dispatcher = policy.maxRedirects > 0 ? agent.compose(interceptors.redirect({ maxRedirections: policy.maxRedirects })) : agent;
    dispatchers.set(key, dispatcher);
  }
  return dispatcher;
}
