/**
 * One undici Agent per connection policy (trust settings and the per-origin cap),
 * shared by every request of the process: a run starts hundreds of checks at once,
 * and one Agent lets them share keep-alive connections and TLS sessions instead of
 * opening a pool per check.
 *
 * The Agents are closable: the long-running app closes them when it reloads the
 * config (a changed `ca` would otherwise leave its Agent open for good) and the CLI at
 * the end of a run. A request holds a lease, so an Agent retired mid-request (a config
 * saved during a run) is closed when its last request ends, never under it.
 */
import { createHash } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import type { Agent, Dispatcher } from 'undici';
import { withRootCas, type TrustPolicy } from './trust.js';
import { loadUndici } from './undici.js';

/** Connections per origin when the caller does not say: the default network concurrency of a run. */
export const DEFAULT_CONNECTIONS_PER_ORIGIN = 200;

export interface ConnectionPolicy extends TrustPolicy {
  /** Connections one origin may have open at once: the run's network concurrency. */
  connectionsPerOrigin?: number | undefined;
}

interface SharedAgent {
  agent: Agent;
  /** The agent behind undici's redirect interceptor, one per redirect budget (the pool is the same). */
  redirecting: Map<number, Dispatcher>;
  /** Requests holding a lease on this agent. */
  leases: number;
  /** Replaced by a newer one (closeNetwork): close when the last lease ends. */
  retired: boolean;
  closing?: Promise<void>;
}

const agents = new Map<string, SharedAgent>();

export interface Lease {
  dispatcher: Dispatcher;
  /** The request is over (its body read or dropped). Idempotent. */
  release(): void;
}

/** Digests of the `ca` PEM texts seen, so a run of 1,000 checks with one `ca` hashes it once. */
const digests = new Map<string, string>();

function digestOf(pem: string): string {
  let digest = digests.get(pem);
  if (digest === undefined) {
    digest = createHash('sha256').update(pem).digest('hex');
    if (digests.size >= 64) digests.clear();
    digests.set(pem, digest);
  }
  return digest;
}

function keyOf(policy: ConnectionPolicy): string {
  const trust = policy.insecure ? 'insecure' : policy.caPem === undefined ? 'verify' : `verify+${digestOf(policy.caPem)}`;
  return `${trust}|${policy.connectionsPerOrigin ?? DEFAULT_CONNECTIONS_PER_ORIGIN}`;
}

function close(shared: SharedAgent): Promise<void> {
  return (shared.closing ??= shared.agent.close().catch(() => undefined));
}

/**
 * The shared dispatcher for `policy`, following up to `maxRedirects` redirects (0: none,
 * the 3xx is the answer). Hold the lease until the response body is read or dropped.
 */
export async function leaseDispatcher(policy: ConnectionPolicy, maxRedirects = 0): Promise<Lease> {
  // undici loads on first use: a run without URL checks starts faster and smaller.
  const { Agent, redirect } = await loadUndici();
  // Nothing below awaits: concurrent callers find the Agent the first one made.
  const key = keyOf(policy);
  let shared = agents.get(key);
  if (shared === undefined) {
    const agent = new Agent({
      connections: policy.connectionsPerOrigin ?? DEFAULT_CONNECTIONS_PER_ORIGIN,
      connect: {
        rejectUnauthorized: !policy.insecure,
        // Parsing ~150 root certificates per connection is slow: build the context once per policy.
        ...(policy.caPem === undefined || policy.insecure ? {} : { secureContext: createSecureContext({ ca: withRootCas(policy.caPem) }) }),
      },
    });
    shared = { agent, redirecting: new Map(), leases: 0, retired: false };
    agents.set(key, shared);
  }
  let dispatcher: Dispatcher = shared.agent;
  if (maxRedirects > 0) {
    const composed = shared.redirecting.get(maxRedirects) ?? shared.agent.compose(redirect({ maxRedirections: maxRedirects }));
    shared.redirecting.set(maxRedirects, composed);
    dispatcher = composed;
  }
  const leased = shared;
  leased.leases += 1;
  let released = false;
  return {
    dispatcher,
    release() {
      if (released) return;
      released = true;
      leased.leases -= 1;
      if (leased.retired && leased.leases === 0) void close(leased);
    },
  };
}

/**
 * Closes every shared Agent (their keep-alive connections with them); the next request
 * builds fresh ones. Agents with requests in flight close when those end. Resolves when
 * the idle ones are closed.
 */
export async function closeNetwork(): Promise<void> {
  const closing: Promise<void>[] = [];
  for (const shared of agents.values()) {
    shared.retired = true;
    if (shared.leases === 0) closing.push(close(shared));
  }
  agents.clear();
  await Promise.all(closing);
}
