/**
 * `process`: runs a script or a monitoring plugin and reports what it says, either
 * through the Backstop line protocol (`[STATUS]^LEVEL^RESULT^METRIC^LINK`, the Java
 * harness's, unchanged) or through the Nagios plugin convention (exit code + first line).
 */
import { resolve } from 'node:path';
import * as z from 'zod';
import { configDuration, elapsedTime, formatBytes } from '../../../shared/words.js';
import { preview } from '../../engine/format.js';
import type { CheckContext, CheckStatus } from '../types.js';
import { defineCheck } from '../types.js';
import { definedVariables, fitEnvironment } from './environment.js';
import { nagiosStatus } from './nagios.js';
import { describeExit } from './output.js';
import { invocation, processPlatform, SHELL_NAMES, shellKind } from './platform.js';
import { backstopStatuses, isProtocolLine, stateLine } from './protocol.js';
import { runProcess, type FinishedRun, type RunRequest } from './spawn.js';
import { CHECK_MARK, newCheckMark } from './survivors.js';
import { commandProblems } from './variables.js';

const COMMAND_FORMS = 'a command line like "./check-backups.sh --quiet" or an argument list like ["./check.sh", "--dir", "My Files"]';

/** One entry of a command list. YAML reads `-w 1` as `[-w, 1]`: a number or true/false is passed as the text it reads as. */
const argument = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const schema = z.strictObject({
  command: z
    .union([z.array(argument).min(1), z.string().min(1)], {
      error: (issue) => {
        const bad = Array.isArray(issue.input) ? issue.input.findIndex((item) => !['string', 'number', 'boolean'].includes(typeof item)) : -1;
        if (bad === -1) return `must be ${COMMAND_FORMS}`;
        return `must hold only text, got ${preview((issue.input as unknown[])[bad])} at \`command[${bad}]\`: quote it, or remove it`;
      },
    })
    // No `examples`: zod leaves them out of an input schema with a transform (the list's numbers become text), so the description gives them.
    .meta({
      description:
        'A list of arguments, run directly (no shell), like ["/usr/lib/nagios/plugins/check_disk", "-w", "20%"]; or a string, run by `shell`, like "./check-backups.sh --quiet". In a list, the program `node` is the Node.js that runs Backstop: ["node", "scripts/check.mjs"].',
    }),
  shell: z
    .string()
    .refine((shell) => shellKind(shell) !== undefined, {
      error: (issue) =>
        `must be one of ${SHELL_NAMES.join(', ')} (a name, or a path to one), got ${preview(issue.input)}: to run another program, write \`command\` as a list like [${preview(issue.input)}, -c, "…"]`,
    })
    .optional()
    .meta({ description: 'The shell that runs a string `command`: sh, bash, dash, zsh, ksh, fish, cmd, powershell or pwsh. Default /bin/sh, or cmd.exe on Windows. Unused for a list.' }),
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

export default defineCheck({
  kind: 'process',
  description: 'Runs a script or Nagios plugin; reports its [STATUS] lines, or its exit code and first line.',
  schema,
  pool: 'process',
  rawProblems: commandProblems,
  // Windows has no process groups: there the command's tree is ended (taskkill /T).
  timeoutMessage: (timeoutMs) => `did not finish within ${configDuration(timeoutMs)}; ${treeKilled()}`,
  async check(params, ctx): Promise<CheckStatus | CheckStatus[]> {
    if (ctx.signal.aborted) return abortedStatus(ctx, 'not started');
    checksRunning += 1;
    try {
      return await runCommand(params, ctx);
    } finally {
      checksRunning -= 1;
      if (checksRunning === 0) inherited = undefined;
    }
  },
});

/**
 * Backstop's own environment, read once while process checks run back to back (a run's, with
 * several at once), and read afresh once none is running: copying `process.env` cost more than
 * the rest of a check's preparation.
 */
let inherited: { source: CheckContext['env']; env: Record<string, string> } | undefined;
let checksRunning = 0;

function inheritedEnvironment(source: CheckContext['env']): Record<string, string> {
  if (inherited?.source !== source) inherited = { source, env: definedVariables(source) };
  return inherited.env;
}

async function runCommand(params: z.output<typeof schema>, ctx: CheckContext): Promise<CheckStatus[]> {
  const platform = processPlatform();
  const started = invocation(params.command, params.shell, platform, ctx.env);
  const mark = newCheckMark();
  const environment = fitEnvironment(
    { inherited: inheritedEnvironment(ctx.env), state: ctx.state.all(), configured: params.env, own: { ...started.env, [CHECK_MARK]: mark } },
    [started.file, ...started.args],
    platform,
  );
  const request: RunRequest = {
    file: started.file,
    args: started.args,
    fileRole: started.fileRole,
    verbatim: started.verbatim,
    cwd: resolve(ctx.configDir, params.cwd ?? '.'),
    env: environment.env,
    signal: ctx.signal,
    platform,
    mark,
    ...(params.format === 'backstop'
      ? {
          hideFromTail: isProtocolLine,
          // Saved as they come: a script stopped by its timeout or a cancelled run keeps what it said before.
          onStdoutLine: (line: string) => {
            const entry = stateLine(line);
            if (entry) ctx.state.set(entry.name, entry.value);
          },
        }
      : {}),
  };
  const notes: CheckStatus[] = [];
  if (environment.leftOut) {
    const names = environment.leftOut.names.map(({ name, size }) => `${name} (${formatBytes(size)})`).join(', ');
    notes.push({ level: 'WARNING', result: `saved [STATE] not passed to the script: ${names}: ${environment.leftOut.reason}; keep saved values small` });
  }

  const run = await runProcess(request);
  if (!run.started) return [{ level: 'ERROR', result: run.reason }, ...notes];

  logRun(ctx, request, run, params.debug);
  notes.push(...leftBehindStatuses(run, platform.os));
  // Once the signal has fired the runner has written its own ERROR and drops this answer
  // (even when the command itself had exited just before): hand it what was cleaned up.
  if (ctx.signal.aborted) for (const note of notes) ctx.reportCleanup?.(note);
  if (run.aborted) return [abortedStatus(ctx, treeKilled()), ...notes];
  const shell = started.fileRole === 'shell' ? started.file : undefined;
  const statuses = params.format === 'nagios' ? [nagiosStatus(run, shell)] : backstopStatuses(run, ctx.state, shell);
  return [...statuses, ...notes];
}

function treeKilled(): string {
  return processPlatform().os === 'win32' ? 'process tree killed' : 'process group killed';
}

/** One WARNING per process the command left running: `left a background process running: sleep 9872 (pid 1234), killed`. */
function leftBehindStatuses(run: FinishedRun, os: NodeJS.Platform): CheckStatus[] {
  const named = run.leftBehind.map((left): CheckStatus => ({ level: 'WARNING', result: `left a background process running: ${left.command} (pid ${left.pid}), killed` }));
  // Where processes cannot be named (no /proc), the group still tells that something was left.
  if (named.length === 0 && run.killedLeftovers && !run.aborted && os !== 'linux') {
    return [{ level: 'WARNING', result: 'left background processes running in its process group, killed' }];
  }
  return named;
}

function logRun(ctx: CheckContext, request: RunRequest, run: FinishedRun, debug: boolean): void {
  const commandLine = [request.file, ...request.args].map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(' ');
  const leftovers = run.killedLeftovers || run.leftBehind.length ? '; killed processes it left running' : '';
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
