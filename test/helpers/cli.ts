/** Runs the real CLI program in-process with captured output. */
import { PassThrough } from 'node:stream';
import { buildProgram } from '../../main/cli/program.js';

export async function runCli(args: string[], env: Record<string, string> = {}, options: { tty?: boolean } = {}): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  // `tty` makes stderr claim to be a terminal, as the live progress and email retry lines need.
  const stderr = Object.assign(new PassThrough(), options.tty ? { isTTY: true, columns: 100 } : {});
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const code = await buildProgram({ stdout, stderr, env, now: () => new Date() }).run(['node', 'backstop', ...args]);
  return { code, out, err };
}
