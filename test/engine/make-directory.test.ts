/**
 * makeDirectory: `mkdir -p` that also fails, rather than spins, where Node 20's recursive mkdir
 * never returns (a path under /proc), and the CLI run that was given such a data folder.
 */
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirectory } from '../../main/engine/files.js';
import { runCli } from '../helpers/cli.js';

describe('makeDirectory', () => {
  it('makes every missing level, and is content when they exist', async () => {
    const base = mkdtempSync(join(tmpdir(), 'backstop-mkdir-'));
    const deep = join(base, 'a', 'b', 'c');
    await makeDirectory(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    await makeDirectory(deep);
    await Promise.all(Array.from({ length: 5 }, () => makeDirectory(join(base, 'x', 'y'))));
    expect(statSync(join(base, 'x', 'y')).isDirectory()).toBe(true);
  });

  it('names a file in the way', async () => {
    const base = mkdtempSync(join(tmpdir(), 'backstop-mkdir-'));
    writeFileSync(join(base, 'file'), '');
    await expect(makeDirectory(join(base, 'file', 'below'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(makeDirectory(join(base, 'file'))).rejects.toMatchObject({ code: 'EEXIST' });
  });

  it.skipIf(process.platform !== 'linux')('fails at once under /proc, where a recursive mkdir never returns', async () => {
    await expect(makeDirectory('/proc/backstop-nope/data')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.skipIf(process.platform !== 'linux')('a run given a data folder under /proc reports and exits', { timeout: 60_000 }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'backstop-mkdir-'));
    const config = join(folder, 'backstop.yaml');
    writeFileSync(config, 'resources:\n  - { name: Alive, type: proof-of-life, link: "https://x" }\n');
    const result = await runCli(['run', config, '--print', '--data-dir', '/proc/backstop-nope']);
    expect(result.out).toContain('OK,Alive,,');
    expect(`${result.out}${result.err}`).toContain('/proc/backstop-nope');
    expect(result.code).toBe(2);
  });
});
