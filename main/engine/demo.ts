/**
 * Installs the bundled demo as a user's config (`backstop init`, the app's
 * first start, `npm run demo`): the config, every file beside it that its
 * resources use (the trigger sheet, the scripts), and the JSON Schema it
 * points editors at. Never overwrites the user's files.
 *
 * The demo is read through a `DemoReader`: plain `node:fs` by default, which
 * in Electron reads inside `app.asar` too (Electron patches `readdir` and
 * `readFile` for archives, but not `fs.cp`, which fails there). Everything is
 * copied file by file through it, and a read that fails is an error, never a
 * silently missing file.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { makeDirectory, writeFileFully } from './files.js';
import { packageRoot } from './paths.js';

/** How the installer reads the bundled files (absolute paths). */
export interface DemoReader {
  /** A folder's entries, each with whether it is a folder itself. */
  list(dir: string): Promise<{ name: string; folder: boolean }[]>;
  read(file: string): Promise<Buffer>;
}

/** node:fs, which Electron makes read inside app.asar. */
export const fsDemoReader: DemoReader = {
  list: async (dir) => (await readdir(dir, { withFileTypes: true })).map((entry) => ({ name: entry.name, folder: entry.isDirectory() })),
  read: (file) => readFile(file),
};

/** The schema's file name, beside the installed config. */
export const SCHEMA_FILE = 'backstop.schema.json';

export interface InstallOptions {
  reader?: DemoReader;
  /** The JSON Schema to copy beside the config; default the package's `backstop.schema.json`. */
  schemaPath?: string;
  /** The day of installation: the trigger sheet's dates are written relative to it. */
  now?: Date;
}

/**
 * A `{{today+N}}` or `{{today-N}}` in a demo CSV becomes the date N days from
 * the day of installation (`YYYY-MM-DD`, UTC like the demo's `timezone`), so
 * the demo shows a past-due, a due-soon, a snoozed and an OK row on any date.
 */
export function renderDemoDates(text: string, now: Date): string {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return text.replace(/\{\{today([+-]\d+)?\}\}/g, (_match, offset: string | undefined) =>
    new Date(today + Number(offset ?? 0) * 86_400_000).toISOString().slice(0, 10),
  );
}

/**
 * Writes the demo config to `configPath` and its support files beside it: as JSON when
 * the name ends in `.json`, else as the YAML it is (with its comments).
 * False (and nothing written) when `configPath` already exists.
 */
export async function installDemoConfig(configPath: string, demoConfigPath: string, options: InstallOptions = {}): Promise<boolean> {
  const reader = options.reader ?? fsDemoReader;
  const now = options.now ?? new Date();
  const to = dirname(configPath);
  if (await exists(configPath)) return false;
  // Read everything before writing anything: a bundle that cannot be read leaves no half-made config.
  const config = (await reader.read(demoConfigPath)).toString('utf8');
  const schema = await reader.read(options.schemaPath ?? join(packageRoot(), SCHEMA_FILE));
  const support = await collect(reader, dirname(demoConfigPath), '', basename(demoConfigPath));

  await makeDirectory(to);
  // The demo points editors at the schema beside it in the package; the copy has its own beside it.
  // As JSON when the name ends in `.json`, else as the YAML it is (with its comments).
  const text =
    extname(configPath).toLowerCase() === '.json'
      ? `${JSON.stringify({ $schema: `./${SCHEMA_FILE}`, ...(parseYaml(config) as Record<string, unknown>) }, null, 2)}\n`
      : config.replace(/(\$schema=)\S+/, `$1${SCHEMA_FILE}`);
  for (const file of support) {
    const content = extname(file.path).toLowerCase() === '.csv' ? renderDemoDates(file.content.toString('utf8'), now) : file.content;
    // A file of the user's with the same name stays as it is.
    await writeFresh(join(to, file.path), content, { replace: false, executable: file.path.startsWith('scripts/') });
  }
  await writeFresh(join(to, SCHEMA_FILE), schema, { replace: true });
  // The config last: a failure before it (a full disk) leaves no config, so `init` can simply be run again.
  await writeFresh(configPath, text, { replace: false });
  return true;
}

interface DemoFile {
  /** Relative to the demo folder, with `/`. */
  path: string;
  content: Buffer;
}

async function collect(reader: DemoReader, root: string, relative: string, skip: string): Promise<DemoFile[]> {
  const files: DemoFile[] = [];
  for (const entry of await reader.list(relative ? join(root, relative) : root)) {
    const path = relative ? `${relative}/${entry.name}` : entry.name;
    if (path === skip) continue;
    if (entry.folder) files.push(...(await collect(reader, root, path, skip)));
    else files.push({ path, content: await reader.read(join(root, path)) });
  }
  return files;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
}

/** Written all or nothing like every file Backstop writes (`writeFileFully`); skips an existing file unless `replace`. */
async function writeFresh(path: string, content: string | Buffer, options: { replace: boolean; executable?: boolean }): Promise<void> {
  if (!options.replace && (await exists(path))) return;
  await makeDirectory(dirname(path));
  await writeFileFully(path, content, { mode: options.executable ? 0o755 : 0o644 });
}
