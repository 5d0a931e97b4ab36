/**
 * Where Backstop keeps things. The desktop app and the CLI share these folders
 * so either can show what the other ran.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import envPaths from 'env-paths';

// Asked when needed, not at import: importing a module does nothing, and the environment is read as it is then.
const paths = () => envPaths('backstop', { suffix: '' });

/** The user's config file: `~/.config/backstop/backstop.yaml` on Linux (XDG_CONFIG_HOME honoured). */
export function defaultConfigPath(): string {
  return join(paths().config, 'backstop.yaml');
}

/** History and state: `~/.local/share/backstop` on Linux (XDG_DATA_HOME honoured), the platform's usual place elsewhere. */
export function defaultDataDir(): string {
  return paths().data;
}

/** The package's own folder, found from this file whether it runs from source or from the bundle in dist/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'backstop') return dir;
      } catch {
        // not ours; keep climbing
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the backstop package folder');
    dir = parent;
  }
}

/** The built app (`npm run build`): the processes' entries, the window's files, the icons. */
export function distDir(): string {
  return join(packageRoot(), 'dist');
}

/** The bundled demo config, which runs fully offline. */
export function demoConfigPath(): string {
  return join(packageRoot(), 'demo', 'backstop.yaml');
}
