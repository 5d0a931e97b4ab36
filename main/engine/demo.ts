/**
 * Installs the bundled demo as a user's config (`backstop init`, the app's first
 * start): the config and the files it refers to (the trigger sheet, the scripts),
 * so every demo resource still works from its new folder. Never overwrites.
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { packageRoot } from './paths.js';

/** Files beside the demo config that its resources use, relative to the demo folder. */
const SUPPORT_FILES = ['triggers.csv', 'scripts'];

/**
 * Writes the demo config to `configPath` and its support files beside it: as JSON when
 * the name ends in `.json`, else as the YAML it is (with its comments).
 * False (and nothing written) when `configPath` already exists.
 */
export async function installDemoConfig(configPath: string, demoConfigPath: string): Promise<boolean> {
  const from = dirname(demoConfigPath);
  const to = dirname(configPath);
  await mkdir(to, { recursive: true });
  // The demo points editors at the schema beside it in the package; from the new folder, name it absolutely.
  const schema = join(packageRoot(), 'backstop.schema.json');
  const yaml = await readFile(demoConfigPath, 'utf8');
  const text =
    extname(configPath).toLowerCase() === '.json'
      ? `${JSON.stringify({ $schema: schema, ...(parseYaml(yaml) as Record<string, unknown>) }, null, 2)}\n`
      : yaml.replace(/(\$schema=)\S+/, `$1${schema}`);
  try {
    await writeFile(configPath, text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  for (const name of SUPPORT_FILES) {
    // A file of the user's with the same name stays as it is.
    await cp(join(from, name), join(to, name), { recursive: true, force: false, errorOnExist: false }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  return true;
}
