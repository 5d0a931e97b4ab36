/**
 * `process`: runs a script or a monitoring plugin and reports what it says, either
 * through the Backstop line protocol (`[STATUS]^LEVEL^RESULT^METRIC^LINK`, the Java
 * harness's, unchanged) or through the Nagios plugin convention (exit code + first line).
 */
import { resolve } from 'node:path';
import * as z from 'zod';
import { configDuration, elapsedTime, formatBytes } from '../../../shared/words.js';
import type { CheckContext, CheckStatus } from '../types.js';
import { defineCheck } from '../types.js';
import { nagiosStatus } from './nagios.js';
import { backstopStatuses, isEnvironmentSafe } from './protocol.js';
import { describeExit, runProcess, type FinishedRun, type RunRequest } from './spawn.js';

const schema = z.strictObject({
  command: z
    .union([z.array(z.string()).min(1), z.string().min(1)], {
      error: 'must be a command line like "./check-backups.sh --quiet" or an argument list like ["./check.sh", "--dir", "My Files"]',
    })
    .meta({
      description: 'A list of arguments, run directly (no shell), or a string, run by `shell` as `<shell> -c <command>`.',
      examples: ['./check-backups.sh', ['/usr/lib/nagios/plugins/check_disk', '-w', '20%', '-c', '10%']],
    }),
  shell: z.string().min(1).default('/bin/sh').meta({ description: 'The shell that runs a string `command`, e.g. "bash". Unused for a list.' }),
  env: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String))
    .default({})
    .meta({ description: 'Extra environment variables for the command; they override saved state and the process environment.' }),
  cwd: z.string().min(1).optional().meta({ description: 'Working directory, relative to the config file; the config file\'s folder when omitted.' }),
  format: z
    .enum(['backstop', 'nagios'])
    .default('backstop')
    .meta({ description: '"backstop": [STATUS] and [STATE] lines on stdout; "nagios": exit code 0/1/2/3 and first line, with performance data.' }),
  debug: z.boolean().default(false).meta({ description: 'Log the command\'s full output (shown by `backstop run --verbose`).' }),
});

type ProcessParams = z.output<typeof schema>;

export default defineCheck({
  kind: 'process',
  description: 'Runs a script or Nagios plugin; reports its [STATUS] lines, or its exit code and first line.',
  schema,
  pool: 'process',
  timeoutMessage: (timeoutMs) => `did not finish within ${configDuration(timeoutMs)}; process group killed`,
  async check(params, ctx): Promise<CheckStatus | CheckStatus[]> {
    if (ctx.signal.aborted) return abortedStatus(ctx, 'not started');

    const request: RunRequest = {
      ...invocation(params),
      cwd: resolve(ctx.configDir, params.cwd ?? '.'),
      env: childEnvironment(ctx, params.env),
      signal: ctx.signal,
    };
    const run = await runProcess(request);
    if (!run.started) return { level: 'ERROR', result: run.reason };

    logRun(ctx, request, run, params.debug);
    if (run.aborted) return abortedStatus(ctx, 'process group killed');
    return params.format === 'nagios' ? nagiosStatus(run) : backstopStatuses(run, ctx.state);
  },
});

function invocation(params: ProcessParams): Pick<RunRequest, 'file' | 'args' | 'fileRole'> {
  if (typeof params.command === 'string') return { file: params.shell, args: ['-c', params.command], fileRole: 'shell' };
  const [file, ...args] = params.command;
  return { file: file!, args, fileRole: 'command' };
}

/** Process environment, then saved state, then the resource's `env`: the most specific wins. */
function childEnvironment(ctx: CheckContext, configured: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(ctx.env)) if (value !== undefined) env[name] = value;
  // State saved by an older version could hold a name the OS refuses; skip it rather than fail to start.
  for (const [name, value] of Object.entries(ctx.state.all())) if (isEnvironmentSafe(name, value)) env[name] = value;
  return { ...env, ...configured };
}

function logRun(ctx: CheckContext, request: RunRequest, run: FinishedRun, debug: boolean): void {
  const commandLine = [request.file, ...request.args].map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(' ');
  const leftovers = run.killedLeftovers ? '; killed processes it left running' : '';
  ctx.log(`${commandLine} (in ${request.cwd}, pid ${run.pid}): ${run.aborted ? 'aborted' : describeExit(run)} after ${elapsedTime(run.durationMs)}${leftovers}`);
  if (!debug) return;
  ctx.log(`stdout (${formatBytes(run.stdout.bytes)}${run.stdout.truncated ? ', truncated' : ''}):\n${run.stdout.text}`);
  ctx.log(`stderr (${formatBytes(run.stderr.bytes)}${run.stderr.truncated ? ', truncated' : ''}):\n${run.stderr.text}`);
}

/** The runner writes its own ERROR on abort and drops ours; this one still says what happened, for direct callers and logs. */
function abortedStatus(ctx: CheckContext, outcome: string): CheckStatus {
  const reason: unknown = ctx.signal.reason;
  const isTimeout = !(reason instanceof Error) || reason.name === 'TimeoutError'; // AbortSignal.timeout() aborts with a DOMException named so
  const what = isTimeout ? `did not finish within ${configDuration(ctx.timeoutMs)}` : `stopped early (${reason.message || reason.name})`;
  return { level: 'ERROR', result: `${what}; ${outcome}` };
}
