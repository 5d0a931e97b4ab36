/**
 * The commands. I/O is passed in so tests run the real program in-process.
 * Exit codes follow the monitoring convention (see `EXIT` in output.ts): 0 all OK,
 * 1 warnings, 2 errors, 3 could not run (like a Nagios UNKNOWN).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import type { ConfigIssue, Report, RunProgress } from '../../shared/types.js';
import { plural } from '../../shared/words.js';
import { ConfigFileError, loadConfig, type LoadedConfig } from '../engine/config.js';
import { FileWriteError, makeDirectory, writeFileFully } from '../engine/files.js';
import { defaultConfigPath, defaultDataDir, demoConfigPath, packageRoot } from '../engine/paths.js';
import { runBackstop } from '../engine/run.js';
import { closeNetwork } from '../net/dispatchers.js';
import { safeText } from '../../shared/sanitize.js';
import { EXIT, exitCode, printHuman, printLines, progressLine } from './output.js';

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

  /** The config, or undefined after saying on stderr why it cannot be used (exit 3). */
  const load = async (path: string, onFileError: (error: ConfigFileError) => void = (error) => void err(`backstop: ${clean(error.message)}${createHint(error, path)}\n`)): Promise<LoadedConfig | undefined> => {
    try {
      return await loadConfig(path, { env: io.env });
    } catch (error) {
      if (error instanceof ConfigFileError) {
        onFileError(error);
        code = EXIT.couldNotRun;
        return undefined;
      }
      throw error;
    }
  };
  const createHint = (error: ConfigFileError, path: string) =>
    /no such file/.test(error.message) && path === resolve(defaultConfigPath()) ? ` (create one with \`backstop init\`)` : '';

  const program = new Command()
    .name('backstop')
    .description('One authoritative, affirmative check of everything: a single list, worst first, each item with a link to investigate.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .addHelpText(
      'after',
      '\nExit codes: 0 all OK, 1 warnings, 2 errors, 3 could not run (usage error, or a config that cannot be read or parsed).\nCONFIG defaults to $BACKSTOP_CONFIG, else the user config folder. The README has the whole reference.',
    )
    .showHelpAfterError('(run `backstop --help` for the commands and options)')
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err });

  program
    .command('run')
    .description('run every check once and report, worst first (exit 0 all OK, 1 warnings, 2 errors, 3 could not run)')
    .argument('[config]', 'config file, YAML or JSON (default $BACKSTOP_CONFIG or the user config folder)')
    .addOption(new Option('-p, --print', 'one line per status in the original format LEVEL,Resource,Metric,Result (CSV)').conflicts('json'))
    .option('-j, --json', 'the whole report as JSON')
    .option('-d, --data-dir <dir>', 'history and state folder (default $BACKSTOP_DATA_DIR or the user data folder)')
    .option('--email', 'send the daily email after the run (the `email` section of the config)')
    .option('--html <file>', 'write the email body as HTML to this file')
    .option('--verbose', 'log what checks do, on stderr')
    .action(async (configArg: string | undefined, flags: RunFlags) => {
      const config = await load(configPathOf(configArg));
      if (!config) return;
      if (flags.email && !config.settings.email && !config.settings.emailProblem) {
        err('backstop: --email needs an `email` section in the config (see the README, "The daily email")\n');
        code = EXIT.couldNotRun;
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
      // Ctrl-C, a service stop or a closed terminal (SIGHUP: SSH dropped) cancels the run:
      // checks' process groups are killed (they are detached, so the terminal's signal does
      // not reach them) and the report of what finished is still saved and printed. A
      // second signal exits at once.
      const cancel = new AbortController();
      let cancelledAt = 0;
      const onSignal = (signal: NodeJS.Signals) => {
        if (cancel.signal.aborted) {
          // One signal can arrive twice (a terminal and a service manager both send it); only a person's second press quits.
          if (Date.now() - cancelledAt > 500) process.exit(130);
          return;
        }
        cancelledAt = Date.now();
        err(`\nbackstop: ${signal}: cancelling the run (again to quit at once)\n`);
        cancel.abort();
      };
      const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
      for (const signal of signals) process.on(signal, onSignal);
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
          email: flags.email === true,
          // On a terminal, say what the wait between attempts is for: a refused relay is retried for minutes.
          onDeliveryProgress: io.stderr.isTTY === true || flags.verbose ? (message) => void err(`backstop: ${safeText(message)}\n`) : undefined,
          log: flags.verbose ? (message) => err(`${safeText(message, { lines: true })}\n`) : undefined,
        });
      } finally {
        for (const signal of signals) process.off(signal, onSignal);
      }
      if (live) err('\r\x1b[2K');
      let problems = 0;

      if (flags.html) {
        try {
          const { renderEmail } = await import('../email/render.js');
          await makeDirectory(dirname(resolve(flags.html)));
          // All or nothing, like every file Backstop writes: a reader never opens half a page.
          await writeFileFully(resolve(flags.html), renderEmail(report, { timezone: report.timezone }).html);
        } catch (error) {
          const why = error instanceof FileWriteError ? error.message : `cannot write ${resolve(flags.html)}: ${error instanceof Error ? error.message : String(error)}`;
          err(`backstop: --html: ${clean(why)}\n`);
          problems++;
        }
      }
      const email = report.delivery?.email;
      if (email && !email.sent) {
        err(`backstop: email not sent: ${safeText(email.error)}${email.savedTo ? ` (saved to ${safeText(email.savedTo)})` : ''}\n`);
        problems++;
      }

      if (flags.json) out(JSON.stringify(report, null, 2) + '\n');
      else if (flags.print) out(await printLines(report));
      else out(printHuman(report, { color: io.stdout.isTTY === true && !io.env.NO_COLOR, now: io.now() }));
      code = problems ? Math.max(EXIT.errors, exitCode(report)) : exitCode(report);
    });

  program
    .command('validate')
    .description('check the config without running it: every error, and warnings for what makes a backstop weak (exit 0 clean, 1 warnings, 2 errors, 3 could not read or parse)')
    .argument('[config]', 'config file (default $BACKSTOP_CONFIG or the user config folder)')
    .option('-j, --json', 'the result as JSON, also when the file cannot be parsed')
    .action(async (configArg: string | undefined, flags: { json?: boolean }) => {
      const path = configPathOf(configArg);
      const config = await load(path, (error) => {
        if (flags.json) out(JSON.stringify(validationJson(path, undefined, [{ severity: 'error', path: '', message: error.message }], error.where), null, 2) + '\n');
        else err(`backstop: ${clean(error.message)}${createHint(error, path)}\n`);
      });
      if (!config) return;
      const { inspectConfig } = await import('../engine/config-inspect.js');
      const issues = [...config.issues, ...(await inspectConfig(config))];
      const errors = issues.filter((issue) => issue.severity === 'error').length;
      const warnings = issues.length - errors;
      if (flags.json) out(JSON.stringify(validationJson(config.path, config, issues), null, 2) + '\n');
      else {
        for (const issue of issues) out(`${issue.severity === 'error' ? 'error  ' : 'warning'} ${issue.path ? `${clean(issue.path)}: ` : ''}${clean(issue.message)}\n`);
        const kinds = config.format === 'java' ? ' (original Java format)' : '';
        out(`${config.path}${kinds}: ${plural(config.resources.length, 'resource')}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`);
      }
      code = errors ? EXIT.errors : warnings ? EXIT.warnings : EXIT.ok;
    });

  const email = program.command('email').description('the daily email: `backstop email test [CONFIG]`');
  email
    .command('test')
    .description('send a test message with the config\'s email settings (one attempt, nothing saved, no heartbeat)')
    .argument('[config]', 'config file (default $BACKSTOP_CONFIG or the user config folder)')
    .action(async (configArg: string | undefined) => {
      const config = await load(configPathOf(configArg));
      if (!config) return;
      if (!config.settings.email) {
        err(`backstop: ${config.settings.emailProblem ? `the \`email\` settings are invalid: ${config.settings.emailProblem}` : 'no `email` section in the config (see the README, "The daily email")'}\n`);
        code = EXIT.couldNotRun;
        return;
      }
      const { sendTestEmail } = await import('../email/send.js');
      const outcome = await sendTestEmail(config.settings.email);
      if (outcome.sent) {
        out(`test email sent to ${clean([config.settings.email.to].flat().join(', '))} (${clean(outcome.messageId)})\n`);
        code = EXIT.ok;
      } else {
        err(`backstop: test email not sent after ${plural(outcome.attempts, 'attempt')}: ${clean(outcome.error)}\n`);
        code = EXIT.errors;
      }
    });

  program
    .command('schema')
    .description('print the JSON Schema of the config (for editor autocompletion via "$schema")')
    .action(async () => {
      const { buildJsonSchema } = await import('../engine/schema.js');
      out(JSON.stringify(await buildJsonSchema(), null, 2) + '\n');
      code = EXIT.ok;
    });

  program
    .command('init')
    .description('create a config to edit, from the demo (JSON when CONFIG ends in .json, else YAML)')
    .argument('[config]', 'where to write it (default $BACKSTOP_CONFIG or the user config folder)')
    .action(async (configArg: string | undefined) => {
      const target = configPathOf(configArg);
      let created: boolean;
      try {
        const { installDemoConfig } = await import('../engine/demo.js');
        created = await installDemoConfig(target, demoConfigPath());
      } catch (error) {
        err(`backstop: cannot create ${clean(target)}: ${clean(error instanceof Error ? error.message : String(error))}\n`);
        code = EXIT.couldNotRun;
        return;
      }
      if (!created) {
        err(`backstop: ${target} already exists: edit it, or pass another path\n`);
        code = EXIT.couldNotRun;
        return;
      }
      const validate = target === resolve(io.env.BACKSTOP_CONFIG ?? defaultConfigPath()) ? 'backstop validate' : `backstop validate ${shellQuote(target)}`;
      out(`created ${target} from the demo: edit it, then check it with \`${validate}\`\n`);
      code = EXIT.ok;
    });

  return {
    async run(argv: string[]): Promise<number> {
      // No command at all is a usage error like any other: the help, on stderr, and exit 3.
      if (argv.length <= 2) {
        program.outputHelp({ error: true });
        return EXIT.couldNotRun;
      }
      try {
        await program.parseAsync(argv);
        return code;
      } catch (error) {
        // Help and the version exit 0; every usage error (unknown command or option, --print with --json) exits 3.
        if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.couldNotRun;
        throw error;
      } finally {
        // The run and the email's heartbeat are over: close their keep-alive connections.
        await closeNetwork();
      }
    },
  };
}

/**
 * A message for the terminal that quotes what came from outside (a config's names and lines, a
 * relay's reply): through the one sanitizer, keeping its lines (a parse error's caret is on the next).
 */
function clean(text: string): string {
  return safeText(text, { lines: true });
}

/** What `validate --json` prints: the same shape whether the file parsed or not, its texts sanitized. */
function validationJson(path: string, config: LoadedConfig | undefined, issues: ConfigIssue[], where?: ConfigFileError['where']) {
  const errors = issues.filter((issue) => issue.severity === 'error').length;
  return {
    path: clean(path),
    parsed: config !== undefined,
    format: config?.format ?? null,
    resources: config?.resources.length ?? 0,
    errors,
    warnings: issues.length - errors,
    issues: issues.map((issue) => ({ ...issue, path: clean(issue.path), message: clean(issue.message), ...(where?.line !== undefined && !config ? { line: where.line, column: where.column } : {}) })),
  };
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** A path as a shell would need it typed. */
function shellQuote(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}
