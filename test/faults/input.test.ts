/**
 * Fault matrix, bounded input: local files a check reads get the URL kinds' size
 * cap, so `/dev/zero` or a 2 GB file is one clear ERROR, not a run out of memory;
 * and a config that checks nothing never reads as all clear.
 */
import { closeSync, openSync, ftruncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, temp, writeConfig } from './support.js';

describe('fault: unbounded local input', { timeout: 120_000 }, () => {
  it('/dev/zero or a 2 GB file named as a trigger sheet or a `ca` file is an ERROR at 5 MB', async () => {
    const dir = temp('config');
    const huge = join(dir, 'huge.csv');
    // Sparse: 2 GB to every reader, next to nothing on the disk.
    const handle = openSync(huge, 'w');
    ftruncateSync(handle, 2 * 1024 ** 3);
    closeSync(handle);
    const path = writeConfig(`resources:
  - { name: Zero sheet, type: trigger, source: /dev/zero, format: csv, link: "https://x" }
  - { name: Huge sheet, type: trigger, source: huge.csv, link: "https://x" }
  - { name: Zero ca, type: http, url: "https://127.0.0.1:9/", ca: /dev/zero, link: "https://x" }
`, dir);
    const result = await cli(['run', path, '--print', '--data-dir', temp('data')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('ERROR,Zero sheet,,cannot read /dev/zero: it is larger than 5 MB: is this the right file?');
    expect(result.stdout).toContain(`ERROR,Huge sheet,,cannot read ${huge}: it is larger than 5 MB: is this the right file?`);
    expect(result.stdout).toContain('ERROR,Zero ca,,cannot read `ca` file /dev/zero: it is larger than 5 MB: is this the right file?');
  });
});

describe('fault: nothing to check', { timeout: 120_000 }, () => {
  for (const [name, text] of [
    ['resources: []', 'resources: []\n'],
    ['an empty file', ''],
  ] as const) {
    it(`${name} is a WARNING row saying nothing was checked, exit 1`, async () => {
      const dir = temp('config');
      writeFileSync(join(dir, 'backstop.yaml'), text);
      const path = join(dir, 'backstop.yaml');
      const result = await cli(['run', path, '--print', '--data-dir', temp('data')]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe(`WARNING,Backstop,nothing checked,nothing was checked: ${path} has no resources; add at least one resource (see Writing a config in the README)\n`);
    });
  }
});

