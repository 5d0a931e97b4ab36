/**
 * Installing the demo: from the repository's folder and from inside an asar
 * archive (as a packaged app has it), with trigger dates relative to the day.
 */
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync, cpSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { createPackage, extractFile, listPackage } from '@electron/asar';
import { describe, expect, it } from 'vitest';
import { installDemoConfig, renderDemoDates, SCHEMA_FILE, type DemoReader } from '../../main/engine/demo.js';
import { loadConfig } from '../../main/engine/config.js';
import { runBackstop } from '../../main/engine/run.js';

const root = process.cwd();
const temp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/**
 * Reads inside an asar archive the way Electron's patched fs does for a packaged
 * app. Plain Node cannot: for it `app.asar` is a file, so any path inside is ENOTDIR.
 */
function asarReader(archive: string): DemoReader {
  const inside = (path: string) => {
    const rel = relative(archive, path);
    if (rel.startsWith('..')) throw new Error(`${path} is not inside ${archive}`);
    return rel;
  };
  const entries = listPackage(archive, { isPack: false }).map((entry) => entry.replace(/^[\\/]/, '').split(/[\\/]/).join('/'));
  return {
    async list(dir) {
      const prefix = inside(dir).split(sep).join('/');
      const children = new Map<string, boolean>();
      for (const entry of entries) {
        if (!entry.startsWith(`${prefix}/`)) continue;
        const [name, ...rest] = entry.slice(prefix.length + 1).split('/');
        children.set(name!, (children.get(name!) ?? false) || rest.length > 0);
      }
      // listPackage names folders too: a name that is a prefix of others is a folder.
      return [...children].map(([name, folder]) => ({ name, folder: folder || entries.some((entry) => entry.startsWith(`${prefix}/${name}/`)) }));
    },
    async read(file) {
      return extractFile(archive, inside(file));
    },
  };
}

/** An app.asar laid out like electron-builder's: the demo folder and the schema inside. */
async function packagedApp(): Promise<string> {
  const source = temp('backstop-app-src-');
  cpSync(join(root, 'demo'), join(source, 'demo'), { recursive: true });
  cpSync(join(root, SCHEMA_FILE), join(source, SCHEMA_FILE));
  writeFileSync(join(source, 'package.json'), JSON.stringify({ name: 'backstop' }));
  const archive = join(temp('backstop-app-'), 'app.asar');
  await createPackage(source, archive);
  return archive;
}

describe('installing the demo', () => {
  it('writes dates relative to the day of installation', () => {
    const now = new Date('2027-03-01T23:30:00Z');
    expect(renderDemoDates('a,{{today-6}},{{today}},{{today+3}},{{today+400}}', now)).toBe('a,2027-02-23,2027-03-01,2027-03-04,2028-04-04');
  });

  it('shows a past-due, a due-soon, a snoozed and an OK row whatever the date', async () => {
    for (const day of ['2026-12-02T05:00:00Z', '2031-02-28T12:00:00Z']) {
      const now = new Date(day);
      const target = join(temp('backstop-demo-'), 'backstop.yaml');
      expect(await installDemoConfig(target, join(root, 'demo', 'backstop.yaml'), { now })).toBe(true);
      const config = await loadConfig(target);
      const trigger = config.resources.filter((resource) => resource.name === 'Renewals and audits');
      const report = await runBackstop({ configPath: target, dataDir: temp('backstop-data-'), trigger: 'cli', config: { ...config, resources: trigger }, now: () => now });
      const rows = report.statuses.map((status) => `${status.level} ${status.result}`);
      expect(rows).toContainEqual(expect.stringMatching(/^ERROR Past due .* \(6 days ago\)/));
      expect(rows).toContainEqual(expect.stringMatching(/^WARNING Due in 3 days/));
      expect(rows).toContainEqual(expect.stringMatching(/^OK 3 dates, next .*; 1 snoozed$/));
    }
  });

  it('copies the config, its files and the schema it names, and never overwrites', async () => {
    const folder = temp('backstop-demo-');
    const target = join(folder, 'backstop.yaml');
    mkdirSync(join(folder, 'scripts'));
    writeFileSync(join(folder, 'scripts', 'check_disk.mjs'), 'mine\n');
    expect(await installDemoConfig(target, join(root, 'demo', 'backstop.yaml'))).toBe(true);
    expect(readFileSync(target, 'utf8')).toMatch(/^# yaml-language-server: \$schema=backstop\.schema\.json$/m);
    expect(readFileSync(join(folder, SCHEMA_FILE), 'utf8')).toBe(readFileSync(join(root, SCHEMA_FILE), 'utf8'));
    expect(readFileSync(join(folder, 'scripts', 'check_disk.mjs'), 'utf8')).toBe('mine\n');
    expect(readFileSync(join(folder, 'scripts', 'water-tank.mjs'), 'utf8')).toBe(readFileSync(join(root, 'demo', 'scripts', 'water-tank.mjs'), 'utf8'));
    if (process.platform !== 'win32') expect(statSync(join(folder, 'scripts', 'water-tank.mjs')).mode & 0o111).not.toBe(0);
    expect(readFileSync(join(folder, 'triggers.csv'), 'utf8')).not.toContain('{{');

    writeFileSync(target, 'timezone: UTC\n');
    expect(await installDemoConfig(target, join(root, 'demo', 'backstop.yaml'))).toBe(false);
    expect(readFileSync(target, 'utf8')).toBe('timezone: UTC\n');
  });

  it('installs from inside an asar archive, file by file through the reader', async () => {
    const archive = await packagedApp();
    const target = join(temp('backstop-home-'), 'conf', 'backstop.yaml');
    const installed = await installDemoConfig(target, join(archive, 'demo', 'backstop.yaml'), { reader: asarReader(archive), schemaPath: join(archive, SCHEMA_FILE) });
    expect(installed).toBe(true);
    const folder = join(target, '..');
    for (const file of ['triggers.csv', 'scripts/water-tank.mjs', 'scripts/check_disk.mjs', SCHEMA_FILE]) expect(existsSync(join(folder, file)), file).toBe(true);
    // The $schema it names exists outside the archive.
    const schema = /\$schema=(\S+)/.exec(readFileSync(target, 'utf8'))![1]!;
    expect(existsSync(join(folder, schema))).toBe(true);
    // And every demo resource works from there.
    const report = await runBackstop({ configPath: target, dataDir: temp('backstop-data-'), trigger: 'cli' });
    expect(report.statuses.map((status) => status.result).join('\n')).not.toMatch(/no such file|cannot read|not found|not a date/);
  });

  it('fails loudly, and writes nothing, when the bundle cannot be read', async () => {
    // What fs.cp out of app.asar did silently: here plain fs meets the archive and must say so.
    const archive = await packagedApp();
    const target = join(temp('backstop-home-'), 'conf', 'backstop.yaml');
    await expect(installDemoConfig(target, join(archive, 'demo', 'backstop.yaml'), { schemaPath: join(archive, SCHEMA_FILE) })).rejects.toThrow(/ENOTDIR|ENOENT/);
    expect(existsSync(target)).toBe(false);
  });
});
