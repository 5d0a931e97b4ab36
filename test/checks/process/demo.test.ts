/**
 * The bundled demo's process rows run on every platform: their scripts are Node scripts run by
 * the Node.js that runs Backstop, so no shell and no `node` on PATH is needed, and they still
 * say exactly what the shell scripts they replaced said.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import processCheck from '../../../main/checks/process/index.js';
import { loadConfig } from '../../../main/engine/config.js';
import { makeContext, memoryState } from '../../helpers/context.js';

const demoDir = fileURLToPath(new URL('../../../demo/', import.meta.url));

describe('the demo’s process checks', async () => {
  const config = await loadConfig(join(demoDir, 'backstop.yaml'), { env: {} });
  const processes = config.resources.filter((resource) => resource.type === 'process');
  const paramsOf = (name: string) => {
    const resource = processes.find((candidate) => candidate.name === name);
    if (!resource?.ok) throw new Error(`demo resource ${name} is missing or broken`);
    return resource.params as never;
  };

  it('are Node scripts named `node`, with no shell scripts left in the demo', () => {
    expect(processes.map((resource) => resource.ok && (resource.params as { command: unknown }).command)).toEqual([
      ['node', 'scripts/water-tank.mjs'],
      ['node', 'scripts/check_disk.mjs'],
    ]);
    expect(readdirSync(join(demoDir, 'scripts')).sort()).toEqual(['check_disk.mjs', 'water-tank.mjs']);
  });

  it('Community water tank: two rows and a saved level, without a shell or PATH', async () => {
    const state = memoryState();
    const statuses = await processCheck.check(paramsOf('Community water tank'), makeContext({ configDir: demoDir, env: {}, state }));
    expect(statuses).toEqual([
      { level: 'WARNING', result: 'Tank 34% (warn < 40%)', metric: 'Community tank', link: 'https://example.com/tank' },
      { level: 'OK', result: 'Pump ran 2 hours ago', metric: 'Pump' },
    ]);
    expect(state.values).toEqual({ LAST_LEVEL: '34' });
  });

  it('Photo server disk: a CRITICAL plugin with its performance data', async () => {
    const statuses = await processCheck.check(paramsOf('Photo server disk'), makeContext({ configDir: demoDir, env: {} }));
    expect(statuses).toEqual([
      {
        level: 'ERROR',
        result: 'DISK CRITICAL - /srv/photos 97% used (error > 95%)',
        perfData: [{ label: '/srv/photos', value: 97, uom: '%', warn: '90', crit: '95', min: 0, max: 100 }],
      },
    ]);
  });
});
