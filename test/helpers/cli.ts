/** Runs the real CLI program in-process with captured output. */
import { PassThrough } from 'node:stream';
import { buildProgram } from '../../main/cli/program.js';

export async function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const code = await buildProgram({ stdout, stderr, env, now: () => new Date() }).run(['node', 'backstop', ...args]);
  return { code, out, err };
}
