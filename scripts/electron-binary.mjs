// Finds the Electron executable on disk without triggering its download.
// Electron 42 fetches its runtime lazily on first use, and `require('electron')`
// would start that download: so read the package's path.txt and look at the file.
// Used by `npm start` (scripts/start.mjs) and the end-to-end test (test/e2e/).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** What to tell someone whose machine has no Electron runtime. */
export const INSTALL_ELECTRON = 'npx install-electron (where downloads are allowed), or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron';

/** The Electron executable if it is on disk, else undefined. Never downloads. */
export function electronBinary() {
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, relative || 'electron') : relative ? join(packageDir, 'dist', relative) : undefined;
  return binary && existsSync(binary) ? binary : undefined;
}
