/**
 * A CheckContext for calling one kind's `check` directly in tests, the same way
 * the runner does: params are parsed by the kind's schema first.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckContext, CheckDefinition, CheckStatus, StateBag } from '../../main/checks/types.js';

export function memoryState(initial: Record<string, string> = {}): StateBag & { values: Record<string, string> } {
  const values = { ...initial };
  return {
    values,
    all: () => ({ ...values }),
    get: (name) => values[name],
    set: (name, value) => {
      values[name] = value;
    },
  };
}

export function makeContext(overrides: Partial<CheckContext> = {}): CheckContext {
  const timeoutMs = overrides.timeoutMs ?? 10_000;
  return {
    signal: AbortSignal.timeout(timeoutMs),
    timeoutMs,
    now: () => new Date(),
    timezone: 'UTC',
    link: 'https://example.test/investigate',
    resourceName: 'test resource',
    configDir: process.cwd(),
    dataDir: mkdtempSync(join(tmpdir(), 'backstop-data-')),
    env: process.env,
    state: memoryState(),
    log: () => {},
    ...overrides,
  };
}

/** Parse `params` with the kind's schema (throws on invalid, like config load would report) and run the check. */
export async function runCheck(
  definition: CheckDefinition,
  params: Record<string, unknown>,
  overrides: Partial<CheckContext> = {},
): Promise<CheckStatus[]> {
  const parsed = definition.schema.parse(params);
  const result = await definition.check(parsed, makeContext(overrides));
  if (result === undefined) return [];
  return Array.isArray(result) ? result : [result];
}
