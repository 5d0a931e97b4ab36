/**
 * The environment a command starts with, kept within what the operating system accepts.
 *
 * Sources, the most specific winning: Backstop's own environment, then the values saved by
 * `[STATE]` lines, then the resource's `env`, then what Backstop itself must set (the check's
 * mark, a Node.js runtime's variables). Only saved state is ever left out to make it fit: the rest
 * is what the config asks for, and a start that still fails says by how much (`startTooLong`).
 *
 * The limits, per platform:
 * - Linux: one variable (`NAME=value`) at most 128 KiB (MAX_ARG_STRLEN); arguments and
 *   environment together, with a pointer each, at most ARG_MAX (a quarter of the stack limit:
 *   2 MiB by default).
 * - macOS: arguments and environment together at most ARG_MAX, 1 MiB.
 * - Windows: the whole environment block at most 32,767 characters.
 */
import { formatBytes } from '../../../shared/words.js';
import type { ProcessPlatform } from './platform.js';

const LINUX_MAX_VARIABLE_BYTES = 128 * 1024;
const WINDOWS_MAX_BLOCK_CHARS = 32_767;
const POINTER_BYTES = 8;
/** Room kept for what the kernel adds (the program's path, auxiliary values). */
const MARGIN_BYTES = 4096;

export interface EnvironmentSources {
  /** Backstop's own environment, its unset names left out (`definedVariables`). */
  inherited: Readonly<Record<string, string>>;
  /** Saved `[STATE]` values. */
  state: Record<string, string>;
  /** The resource's `env`. */
  configured: Record<string, string>;
  /** What Backstop sets itself. */
  own: Record<string, string>;
}

export interface FittedEnvironment {
  env: Record<string, string>;
  /** Saved state names left out, with why; empty when all of it fit. */
  leftOut: { names: { name: string; size: number }[]; reason: string } | undefined;
}

/** An environment's set variables: `process.env` and its like may hold names whose value is undefined. */
export function definedVariables(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const defined: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) defined[name] = value;
  return defined;
}

/** The environment for a command with these arguments, with saved state left out (largest first) where it would not fit. */
export function fitEnvironment(sources: EnvironmentSources, argv: readonly string[], platform: ProcessPlatform): FittedEnvironment {
  const { inherited } = sources;
  // Only saved state is ever left out: without any, there is nothing to measure. (One clone, then
  // assignments: spreading three objects into one literal copies the inherited names one by one.)
  if (!hasAny(sources.state)) return { env: Object.assign({ ...inherited }, sources.configured, sources.own), leftOut: undefined };
  // State saved by an older version could hold a name the OS refuses; skip it rather than fail to start.
  const state = Object.entries(sources.state).filter(([name, value]) => isEnvironmentSafe(name, value) && !(name in sources.configured) && !(name in sources.own));
  const build = (kept: readonly [string, string][]) => ({ ...inherited, ...Object.fromEntries(kept), ...sources.configured, ...sources.own });

  const limits = environmentLimits(platform);
  const tooBig = state.filter(([name, value]) => limits.variableSize(name, value) > limits.maxVariable);
  let kept = tooBig.length ? state.filter((entry) => !tooBig.includes(entry)) : state;
  let env = build(kept);
  const overTotal: [string, string][] = [];
  if (limits.total(env, argv) > limits.maxTotal) {
    const bySize = [...kept].sort((a, b) => limits.variableSize(...b) - limits.variableSize(...a));
    for (const entry of bySize) {
      overTotal.push(entry);
      kept = kept.filter((other) => other !== entry);
      env = build(kept);
      if (limits.total(env, argv) <= limits.maxTotal) break;
    }
  }

  const left = [...tooBig, ...overTotal].map(([name, value]) => ({ name, size: limits.variableSize(name, value) }));
  if (left.length === 0) return { env, leftOut: undefined };
  const reasons = [
    tooBig.length ? `over the ${limits.describe(limits.maxVariable)} one environment variable may hold on ${limits.system}` : '',
    overTotal.length ? `the environment would pass the ${limits.describe(limits.maxTotal)} ${limits.system} allows for ${limits.totalOf}` : '',
  ].filter(Boolean);
  return { env, leftOut: { names: left, reason: reasons.join('; and ') } };
}

function hasAny(values: Record<string, string>): boolean {
  for (const name in values) if (Object.hasOwn(values, name)) return true;
  return false;
}

/** A name and value the operating system accepts as an environment variable. */
export function isEnvironmentSafe(name: string, value: string): boolean {
  return name !== '' && !/[=\0]/.test(name) && !value.includes('\0');
}

interface Limits {
  system: string;
  maxVariable: number;
  maxTotal: number;
  totalOf: string;
  variableSize(name: string, value: string): number;
  total(env: Record<string, string>, argv: readonly string[]): number;
  describe(size: number): string;
}

function environmentLimits(platform: ProcessPlatform): Limits {
  if (platform.os === 'win32') {
    // Characters (UTF-16 units, as JavaScript counts them): `NAME=value\0` each, and a final `\0`.
    const variableSize = (name: string, value: string) => name.length + value.length + 2;
    return {
      system: 'Windows',
      maxVariable: WINDOWS_MAX_BLOCK_CHARS - 1,
      maxTotal: WINDOWS_MAX_BLOCK_CHARS,
      totalOf: 'the whole environment',
      variableSize,
      total: (env) => Object.entries(env).reduce((sum, [name, value]) => sum + variableSize(name, value), 1),
      describe: (size) => `${size.toLocaleString('en-US')} characters`,
    };
  }
  const variableSize = (name: string, value: string) => Buffer.byteLength(name) + Buffer.byteLength(value) + 2;
  const strings = (list: readonly string[]) => list.reduce((sum, text) => sum + Buffer.byteLength(text) + 1 + POINTER_BYTES, POINTER_BYTES);
  return {
    system: platform.os === 'linux' ? 'Linux' : platform.os === 'darwin' ? 'macOS' : platform.os,
    maxVariable: platform.os === 'linux' ? LINUX_MAX_VARIABLE_BYTES : Infinity,
    maxTotal: platform.argMaxBytes() - MARGIN_BYTES,
    totalOf: 'arguments and environment together',
    variableSize,
    total: (env, argv) => strings(argv) + Object.entries(env).reduce((sum, [name, value]) => sum + variableSize(name, value) + POINTER_BYTES, POINTER_BYTES),
    describe: (size) => formatBytes(size),
  };
}

/** Why a start failed with E2BIG, and what to shorten: `` `CERTS` is 195 KiB, over the 128 KiB one environment variable may hold on Linux: … ``. */
export function startTooLong(env: Record<string, string>, argv: readonly string[], platform: ProcessPlatform): string {
  const limits = environmentLimits(platform);
  const variables = Object.entries(env)
    .map(([name, value]) => ({ name, size: limits.variableSize(name, value) }))
    .sort((a, b) => b.size - a.size);
  const tooBig = variables.filter((variable) => variable.size > limits.maxVariable);
  if (tooBig.length) {
    const named = tooBig.map(({ name, size }) => `\`${name}\` is ${limits.describe(size)}`).join(', ');
    return `${named}, over the ${limits.describe(limits.maxVariable)} one environment variable may hold on ${limits.system}: shorten it, or pass it in a file`;
  }
  const longArgument = argv.find((argument) => limits.variableSize('', argument) > limits.maxVariable);
  if (longArgument !== undefined) {
    return `an argument is ${limits.describe(limits.variableSize('', longArgument))}, over the ${limits.describe(limits.maxVariable)} one argument may hold on ${limits.system}: shorten the command, or pass the text in a file`;
  }
  const largest = variables
    .slice(0, 3)
    .map(({ name, size }) => `\`${name}\` ${limits.describe(size)}`)
    .join(', ');
  return `${limits.describe(limits.total(env, argv))} of ${limits.totalOf}, over the ${limits.describe(limits.maxTotal)} ${limits.system} allows (the largest variables: ${largest}): shorten the command, or set fewer or smaller variables in \`env\``;
}
