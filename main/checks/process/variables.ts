/**
 * `${NAME}` in a config is replaced from Backstop's own environment when the file loads. In a
 * `command`, a `${NAME}` that the resource's own `env` sets was meant for the script at run time:
 * say so at load, before the substitution reads the wrong environment (or finds nothing).
 */
import { referencedVariables } from '../../engine/env.js';
import { processPlatform, shellKind, type ShellKind } from './platform.js';

export function commandProblems(fields: Record<string, unknown>): { path: string; message: string; variable: string }[] {
  const env = fields.env;
  if (!env || typeof env !== 'object' || Array.isArray(env)) return [];
  const ownNames = new Set(Object.keys(env));
  const command = fields.command;
  const entries: [path: string, text: unknown][] = Array.isArray(command) ? command.map((item, index) => [`command[${index}]`, item]) : [['command', command]];
  const problems: { path: string; message: string; variable: string }[] = [];
  for (const [path, text] of entries) {
    if (typeof text !== 'string') continue;
    for (const name of new Set(referencedVariables(text).filter((found) => ownNames.has(found)))) {
      const fix = Array.isArray(command)
        ? `write \`$\${${name}}\` to pass the text \`\${${name}}\` on for the program to expand (a list runs without a shell), or write the value itself`
        : `write ${shellReference(name, stringShell(fields.shell))} so the shell reads it from \`env\` when the command runs`;
      problems.push({
        path,
        variable: name,
        message: `\`${path}\` uses \`\${${name}}\`, which Backstop replaces from its own environment when the config loads, but \`${name}\` is set in this resource's \`env\`: ${fix}`,
      });
    }
  }
  return problems;
}

/** The shell a string command runs in: the one named, or the platform's default (cmd.exe on Windows). */
function stringShell(shell: unknown): ShellKind {
  if (typeof shell === 'string') return shellKind(shell) ?? 'posix';
  return processPlatform().os === 'win32' ? 'cmd' : 'posix';
}

/** How each shell reads an environment variable. */
function shellReference(name: string, kind: ShellKind): string {
  switch (kind) {
    case 'cmd':
      return `\`%${name}%\``;
    case 'powershell':
      return `\`$env:${name}\``;
    case 'posix':
      return `\`$\${${name}}\``;
  }
}
