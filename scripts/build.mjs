// `npm run build`: dist/ from the sources, with esbuild (type-checking is `npm run typecheck`).
//
//   dist/cli.js          the CLI (package.json `bin`)
//   dist/main.js         the desktop app's main process (package.json `main`)
//   dist/run-process.js  a run, in its own process (the app's utilityProcess, tests' fork)
//   dist/chunks/         the code those three share, split so each process loads what it uses:
//                        a kind's heavy library, the YAML or cron parser, the email, the schema
//                        are chunks of their own, loaded by `import()` when first needed
//   dist/preload.cjs     the window's bridge (one CommonJS file: a sandboxed preload cannot import)
//   dist/renderer/, dist/shared/   the results window's modules, as the window loads them
//   dist/assets/         icons
//
// Each process starts in a few-line boot module that turns on Node's compile cache
// (`module.enableCompileCache()`, Node 22.1+ and Electron; nothing on Node 20) and only then
// imports the entry, so the bundle itself is compiled with the cache on.
//
// Left out of the bundle, loaded from node_modules when first used: nodemailer, the Sheets
// client and typescript (large, and only some runs need them), and electron. undici is in the
// bundle, as the few files of it Backstop loads (main/net/undici.ts): a chunk of its own, read as
// one file instead of a hundred.
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

/** The processes Backstop starts, by the file each runs in dist/ and the module it starts in. */
const ENTRIES = { cli: 'main/cli.ts', main: 'main/main.ts', 'run-process': 'main/run-process.ts' };
export const EXTERNAL = ['electron', 'nodemailer', '@googleapis/sheets', 'typescript'];

/** The boot module of each process: the compile cache first, then the entry (awaited: Electron's `ready` waits for it). */
const boot = {
  name: 'boot',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^boot:/ }, (args) => ({ path: args.path.slice('boot:'.length), namespace: 'boot' }));
    esbuild.onLoad({ filter: /.*/, namespace: 'boot' }, (args) => ({
      resolveDir: root,
      loader: 'js',
      contents: [
        "import module from 'node:module';",
        '// Node 22.1+ and Electron keep compiled code on disk between runs; Node 20 has no such cache.',
        'try { module.enableCompileCache?.(); } catch { /* only a slower start */ }',
        `await import(${JSON.stringify(`./${args.path}`)});`,
      ].join('\n'),
    }));
  },
};

/**
 * One luxon: cron-parser `require`s its CommonJS build and Backstop `import`s the ES module,
 * which would bundle it twice (250 KB each). Both get the ES module.
 */
const oneLuxon = {
  name: 'one-luxon',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^luxon$/ }, () => ({ path: join(root, 'node_modules', 'luxon', 'build', 'es6', 'luxon.mjs') }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  // Packages that ship an ES module build get it: it is smaller and splits (jsonc-parser's UMD build cannot be bundled).
  mainFields: ['module', 'main'],
};

export async function buildAll() {
  rmSync(dist, { recursive: true, force: true });

  const processes = await build({
    ...common,
    entryPoints: Object.entries(ENTRIES).map(([out, entry]) => ({ in: `boot:${entry}`, out })),
    outdir: dist,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    external: EXTERNAL,
    // Bundled CommonJS packages `require` Node's built-ins: give ES module output a `require` to do it with.
    banner: { js: "import { createRequire as __backstopRequire } from 'node:module'; const require = __backstopRequire(import.meta.url);" },
    plugins: [boot, oneLuxon],
    metafile: true,
  });

  await build({ ...common, entryPoints: ['main/preload.cts'], outfile: join(dist, 'preload.cjs'), format: 'cjs', external: ['electron'] });

  // The window loads its modules one by one from dist/renderer and dist/shared (see main/app/protocol.ts).
  const windowModules = ['renderer', 'shared'].flatMap((folder) =>
    readdirSync(join(root, folder))
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(folder, name)),
  );
  await build({ ...common, bundle: false, platform: 'browser', target: 'es2022', entryPoints: windowModules, outbase: root, outdir: dist, format: 'esm' });
  cpSync(join(root, 'renderer'), join(dist, 'renderer'), { recursive: true, filter: (source) => !source.endsWith('.ts') });
  if (existsSync(join(root, 'assets'))) cpSync(join(root, 'assets'), join(dist, 'assets'), { recursive: true });
  return processes.metafile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const metafile = await buildAll();
  const sizes = Object.entries(metafile.outputs)
    .filter(([file]) => !file.endsWith('.map') && !file.includes('/chunks/'))
    .map(([file, output]) => `${relative(root, file)} ${(output.bytes / 1000).toFixed(0)} KB`);
  console.log(`built dist/: ${sizes.join(', ')}`);
}
