/**
 * The commands. I/O is passed in so tests run the real program in-process.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import type { Report, RunProgress } from '../../shared/types.js';
import { plural } from '../../shared/words.js';
import { ConfigFileError, loadConfig, type LoadedConfig } from '../engine/config.js';
import { installDemoConfig } from '../engine/demo.js';
import { defaultConfigPath, defaultDataDir, demoConfigPath } from '../engine/paths.js';
import { runBackstop } from '../engine/run.js';
import { buildJsonSchema } from '../engine/schema.js';
import { renderEmail } from '../email/render.js';
import { exitCode, printHuman, printLines, progressLine } from './output.js';

export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
}

const defaultIO = (): CliIO => ({ stdout: process.stdout, stderr: process.stderr, env: process.env, now: () => new Date() });

interface RunFlags {
  print?: boolean;
  json?: boolean;
  dataDir?: string;
  email?: boolean;
  html?: string;
  verbose?: boolean;
}

export function buildProgram(io: CliIO = defaultIO()) {
  let code = 0;
  const out = (text: string) => io.stdout.write(text);
  const err = (text: string) => io.stderr.write(text);
  const configPathOf = (given?: string) => resolve(given ?? io.env.BACKSTOP_CONFIG ?? defaultConfigPath());
  const dataDirOf = (given?: string) => resolve(given ?? io.env.BACKSTOP_DATA_DIR ?? defaultDataDir());

  const load = async (path: string): Promise<LoadedConfig | undefined> => {
    try {
      return await loadConfig(path, { env: io.env });
    } catch (error) {
      if (error instanceof ConfigFileError) {
        const hint = /no such file/.test(error.message) && path === resolve(defaultConfigPath()) ? ` (create one with \`backstop init\`)` : '';
        err(`backstop: ${error.message}${hint}\n`);
        code = 2;
        return undefined;
      }
      throw error;
    }
  };

  const program = new Command()
    .name('backstop')
    .description('One authoritative, affirmative check of everything: a single list, worst first, each item with a link to investigate.')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err });

  program
    .command('run')
    .description('run every check once and report (exit 0 all OK, 1 warnings, 2 errors)')
    .argument('[config]', 'config file, JSON or YAML (default $BACKSTOP_CONFIG or the user config folder)')
    .option('--print', 'one line per status in the original format LEVEL,Resource,Metric,Result')
    .option('--json', 'the whole report as JSON')
    .option('--data-dir <dir>', 'history and state folder (default $BACKSTOP_DATA_DIR or the user data folder)')
    .option('--email', 'send the daily email after the run (the `email` section of the config)')
    .option('--html <file>', 'write the email body as HTML to this file')
    .option('--verbose', 'log what checks do, on stderr')
    .action(async (configArg: string | undefined, flags: RunFlags) => {
      const config = await load(configPathOf(configArg));
      if (!config) return;
      if (flags.email && !config.settings.email && !config.settings.emailProblem) {
        err('backstop: --email needs an `email` section in the config (see the README, "The daily email")\n');
        code = 2;
        return;
      }
      const dataDir = dataDirOf(flags.dataDir);
      const live = io.stderr.isTTY === true && !flags.json;
      let lastLine = '';
      const onProgress = live
        ? (progress: RunProgress) => {
            lastLine = progressLine(progress, io.stderr.columns ?? 80);
            err(`\r\x1b[2K${lastLine}`);
          }
        : undefined;
      // Ctrl-C or a service stop cancels the run: checks' process groups are killed
      // (they are detached, so the terminal's signal does not reach them) and the report
      // of what finished is still printed. A second signal exits at once.
      const cancel = new AbortController();
      let cancelledAt = 0;
      const onSignal = (signal: NodeJS.Signals) => {
        if (cancel.signal.aborted) {
          // conf's atomic-write library re-raises the signal it saw at once; only a person's second press quits.
          if (Date.now() - cancelledAt > 500) process.exit(130);
          return;
        }
        cancelledAt = Date.now();
        err(`\nbackstop: ${signal}: cancelling the run (again to quit at once)\n`);
        cancel.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      let report: Report;
      try {
        report = await runBackstop({
          configPath: config.path,
          config,
          dataDir,
          trigger: 'cli',
          now: io.now,
          env: io.env,
          onProgress,
          signal: cancel.signal,
          log: flags.verbose ? (message) => err(`${message}\n`) : undefined,
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      if (live) err('\r\x1b[2K');
      let problems = 0;

      if (flags.html) {
        try {
          await mkdir(dirname(resolve(flags.html)), { recursive: true });
          await writeFile(resolve(flags.html), renderEmail(report, { timezone: report.timezone }).html);
        } catch (error) {
          err(`backstop: cannot write --html ${flags.html}: ${error instanceof Error ? error.message : String(error)}\n`);
          problems++;
        }
      }
      if (flags.email) {
        const { deliverReport } = await import('../engine/deliver.js');
        const delivery = await deliverReport(report, config, dataDir).catch((error: unknown) => ({
          report,
          emailSent: false as const,
          error: error instanceof Error ? error.message : String(error),
          savedTo: undefined,
        }));
        report = delivery.report;
        if (delivery.emailSent !== true) {
          err(`backstop: email not sent: ${delivery.error}${delivery.savedTo ? ` (saved to ${delivery.savedTo})` : ''}\n`);
          problems++;
        }
      }

      if (flags.json) out(JSON.stringify(report, null, 2) + '\n');
      else if (flags.print) out(printLines(report));
      else out(printHuman(report, { color: io.stdout.isTTY === true && !io.env.NO_COLOR, now: io.now() }));
      code = problems ? 2 : exitCode(report);
    });

  program
    .command('validate')
    .description('check the config: every error, and warnings for what makes a backstop weak')
    .argument('[config]', 'config file (default $BACKSTOP_CONFIG or the user config folder)')
    .option('--json', 'the issues as JSON')
    .action(async (configArg: string | undefined, flags: { json?: boolean }) => {
      const config = await load(configPathOf(configArg));
      if (!config) return;
      const errors = config.issues.filter((issue) => issue.severity === 'error');
      const warnings = config.issues.filter((issue) => issue.severity === 'warning');
      if (flags.json) out(JSON.stringify({ path: config.path, format: config.format, issues: config.issues }, null, 2) + '\n');
      else {
        for (const issue of config.issues) out(`${issue.severity === 'error' ? 'error  ' : 'warning'} ${issue.path ? `${issue.path}: ` : ''}${issue.message}\n`);
        const kinds = config.format === 'java' ? ' (original Java format)' : '';
        out(`${config.path}${kinds}: ${plural(config.resources.length, 'resource')}, ${plural(errors.length, 'error')}, ${plural(warnings.length, 'warning')}\n`);
      }
      code = errors.length ? 2 : warnings.length ? 1 : 0;
    });

  program
    .command('email')
    .description('check the email settings')
    .argument('[config]', 'config file (default $BACKSTOP_CONFIG or the user config folder)')
    .requiredOption('--test', 'send a test message')
    .action(async (configArg: string | undefined) => {
      const config = await load(configPathOf(configArg));
      if (!config) return;
      if (!config.settings.email) {
        err(`backstop: ${config.settings.emailProblem ? `the \`email\` settings are invalid: ${config.settings.emailProblem}` : 'no `email` section in the config (see the README, "The daily email")'}\n`);
        code = 2;
        return;
      }
      const { sendTestEmail } = await import('../email/send.js');
      const outcome = await sendTestEmail(config.settings.email);
      if (outcome.sent) {
        out(`test email sent to ${[config.settings.email.to].flat().join(', ')} (${outcome.messageId})\n`);
        code = 0;
      } else {
        err(`backstop: test email not sent after ${plural(outcome.attempts, 'attempt')}: ${outcome.error}\n`);
        code = 2;
      }
    });

  program
    .command('schema')
    .description('print the JSON Schema of the config (for editor autocompletion via "$schema")')
    .action(() => {
      out(JSON.stringify(buildJsonSchema(), null, 2) + '\n');
      code = 0;
    });

  program
    .command('init')
    .description('create a config from the demo, to edit')
    .argument('[config]', 'where to write it (default the user config folder)')
    .action(async (configArg: string | undefined) => {
      const target = configPathOf(configArg);
      if (!(await installDemoConfig(target, demoConfigPath()))) {
        err(`backstop: ${target} already exists: edit it, or pass another path\n`);
        code = 2;
        return;
      }
      out(`created ${target} from the demo: edit it, then \`backstop validate\`\n`);
      code = 0;
    });

  return {
    async run(argv: string[]): Promise<number> {
      try {
        await program.parseAsync(argv);
        return code;
      } catch (error) {
        if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
        throw error;
      }
    },
  };
}
