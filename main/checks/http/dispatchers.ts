/**
 * One undici dispatcher per distinct connection policy, kept for the process
 * lifetime: a run starts hundreds of checks at once, and sharing an Agent lets
 * them share keep-alive connections and TLS sessions instead of opening a pool
 * per check.
 */
import { createHash } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { Agent, interceptors, type Dispatcher } from 'undici';

export interface ConnectionPolicy {
  /** Skip certificate verification (self-signed test systems). */
  insecure: boolean;
  /** Every CA to trust (Node's roots plus the config's PEM file), or undefined for Node's defaults. */
  ca?: string[];
  /** Redirects followed before the last 3xx is returned as it is. */
  maxRedirects: number;
}

const dispatchers = new Map<string, Dispatcher>();

function keyOf(policy: ConnectionPolicy): string {
  const caDigest = policy.ca ? createHash('sha256').update(policy.ca.join('\n')).digest('hex') : 'default';
  return `${policy.insecure ? 'insecure' : 'verify'}|${caDigest}|${policy.maxRedirects}`;
}

export function dispatcherFor(policy: ConnectionPolicy): Dispatcher {
  const key = keyOf(policy);
  let dispatcher = dispatchers.get(key);
  if (dispatcher === undefined) {
    const agent = new Agent({
      connect: {
        rejectUnauthorized: !policy.insecure,
        // Parsing ~150 root certificates per connection is slow: build the context once per policy.
        ...(policy.ca ? { secureContext: createSecureContext({ ca: policy.ca }) } : {}),
      },
    });
    dispatcher = policy.maxRedirects > 0 ? agent.compose(interceptors.redirect({ maxRedirections: policy.maxRedirects })) : agent;
    dispatchers.set(key, dispatcher);
  }
  return dispatcher;
}
