/** The registry: one line per kind, its name the folder's and the definition's, loaded on first use. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allChecks, checkKinds, findCheck } from '../../main/checks/registry.js';
import { packageRoot } from '../../main/engine/paths.js';

describe('the check registry', () => {
  it.each(checkKinds())('%s: its folder has its name, and so does the definition there', async (kind) => {
    expect(existsSync(join(packageRoot(), 'main', 'checks', kind, 'index.ts'))).toBe(true);
    expect((await findCheck(kind))?.kind).toBe(kind);
  });

  it('lists the kinds without loading them, in the README order, and loads them all for the schema', async () => {
    expect(checkKinds()).toHaveLength(19);
    expect((await allChecks()).map((definition) => definition.kind)).toEqual(checkKinds());
  });

  it('knows no other names, not even the ones every object has', async () => {
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'HTTP', '']) expect(await findCheck(name)).toBeUndefined();
  });
});
