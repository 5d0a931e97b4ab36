/**
 * The bundle `npm run build` makes (scripts/build.mjs), as users run it: dist/cli.js in a
 * real child process for the paths that load a part of it on demand (the YAML and cron
 * parsers, a kind's library, the email, the schema, the demo, typescript for a module),
 * and the start-up path read from the files themselves: what `backstop run` loads before
 * it knows what the config needs must hold none of those.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../main/engine/paths.js';
import { startHttpServer, type TestHttpServer } from './servers/http.js';

const root = packageRoot();
const dist = join(root, 'dist');
const temp = (prefix: string) => mkdtempSync(join(tmpdir(), `backstop-bundle-${prefix}-`));

/** `node dist/cli.js …` from a folder outside the package, as cron runs it (not blocking: the test's server must answer). */
function cli(args: string[], cwd = tmpdir()): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [join(dist, 'cli.js'), ...args], { cwd, encoding: 'utf8', timeout: 60_000 }, (_error, out, err) => resolve({ code: child.exitCode, out, err }));
  });
}

const rows = (out: string) => out.trim().split('\n').filter(Boolean);

describe('dist/cli.js runs every part of Backstop that loads on demand', () => {
  let server: TestHttpServer;
  beforeAll(async () => {
    server = await startHttpServer((url, _request, response) => {
      if (url.pathname === '/status') return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ updated: new Date().toISOString() }));
      response.writeHead(200, { 'last-modified': new Date(Date.now() - 60_000).toUTCString() }).end('ok');
    });
  });
  afterAll(() => server.close());

  it('the demo, from `init` to `run`: YAML, a trigger sheet, processes, a file glob, a port, and the schema beside it', async () => {
    const folder = temp('demo');
    const config = join(folder, 'backstop.yaml');
    const init = await cli(['init', config]);
    expect(init.err).toBe('');
    expect(init.code).toBe(0);
    expect(readFileSync(join(folder, 'backstop.schema.json'), 'utf8')).toBe(readFileSync(join(root, 'backstop.schema.json'), 'utf8'));
    const run = await cli(['run', config, '--print', '--data-dir', temp('data')]);
    // The demo shows every level on purpose: exit 2, and a row of each kind it uses.
    expect(run.code, run.err).toBe(2);
    const printed = rows(run.out);
    expect(printed.some((line) => line.startsWith('ERROR,') && /due|overdue|past/i.test(line))).toBe(true);
    expect(printed.some((line) => line.startsWith('OK,'))).toBe(true);
    expect(printed.some((line) => /could not|cannot|failed:/i.test(line) && /load|import|module/i.test(line))).toBe(false);
  });

  it('`schema` prints the shipped backstop.schema.json, and `--version` finds package.json from dist/', async () => {
    const schema = await cli(['schema']);
    expect(schema.code).toBe(0);
    expect(schema.out).toBe(readFileSync(join(root, 'backstop.schema.json'), 'utf8'));
    const version = await cli(['--version']);
    expect(version.out.trim()).toBe((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('module checks, JavaScript and TypeScript (typescript loads from node_modules), with a JSON config, --html and --json', async () => {
    const folder = temp('module');
    writeFileSync(join(folder, 'queue.mjs'), "export function check(params) { return { level: 'OK', result: `depth ${params.depth}` }; }\n");
    writeFileSync(join(folder, 'typed.ts'), "interface Params { limit: number }\nexport function check(params: Params) { return [{ level: 'WARNING', metric: 'disk', result: `${params.limit}% used` }]; }\n");
    const config = join(folder, 'backstop.json');
    writeFileSync(
      config,
      JSON.stringify({
        resources: [
          { name: 'Queue', type: 'module', path: 'queue.mjs', params: { depth: 3 }, link: 'https://example.com/queue' },
          { name: 'Typed', type: 'module', path: 'typed.ts', params: { limit: 91 }, link: 'https://example.com/disk' },
          { name: 'Site', type: 'last-modified', url: server.url('/export'), errorAfter: '1h', link: 'https://example.com/site' },
          { name: 'Feed', type: 'json-age', url: server.url('/status'), path: '$.updated', errorAfter: '1h', link: 'https://example.com/feed' },
        ],
      }),
    );
    const html = join(folder, 'email.html');
    const run = await cli(['run', config, '--json', '--html', html, '--data-dir', temp('data')]);
    expect(run.err).toBe('');
    const report = JSON.parse(run.out) as { statuses: { resource: string; level: string; result: string }[] };
    expect(report.statuses.map((status) => [status.resource, status.level, status.result])).toEqual([
      ['Typed', 'WARNING', '91% used'],
      ['Feed', 'OK', expect.stringMatching(/updated/)],
      ['Queue', 'OK', 'depth 3'],
      ['Site', 'OK', expect.stringMatching(/modified/)],
    ]);
    expect(run.code).toBe(1);
    expect(readFileSync(html, 'utf8')).toContain('91% used');
  });

  it('`validate` of a config with a schedule loads the cron parser, and says what it finds', async () => {
    const folder = temp('schedule');
    const config = join(folder, 'backstop.json');
    writeFileSync(config, JSON.stringify({ schedule: '*/5 * * * *', resources: [{ name: 'Alive', type: 'proof-of-life', link: 'https://example.com' }] }));
    const result = await cli(['validate', config]);
    expect(result.out).toMatch(/schedule.*runs the checks 12 times in each hour/);
    expect(result.code).toBe(1);
    writeFileSync(config, JSON.stringify({ schedule: 'every day', resources: [] }));
    expect((await cli(['validate', config])).out).toMatch(/`schedule` must be a cron expression/);
  });

  it('a JSON config with a syntax error is located (the locating parser loads for it)', async () => {
    const config = join(temp('json'), 'backstop.json');
    writeFileSync(config, '{\n  "resources": [1,],\n}');
    const result = await cli(['validate', config]);
    expect(result.code).toBe(3);
    expect(result.err).toMatch(/line 2, column 18: trailing comma/);
  });
});

describe('the start-up path', () => {
  /** Every file a process loads before its entry's own code runs: the static imports, from the boot module's one import on. */
  function startupFiles(entry: string): string[] {
    const seen = new Set<string>();
    const visit = (file: string, boot: boolean) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      const imports = [...text.matchAll(/^(?:import|export)\s(?:[^;]*?\sfrom\s*)?"(\.[^"]+)"/gm)].map((match) => match[1]!);
      // The boot module imports its entry dynamically, after turning on the compile cache: that import is the start-up too.
      if (boot) imports.push(...[...text.matchAll(/await import\("(\.[^"]+)"\)/g)].map((match) => match[1]!));
      for (const target of imports) visit(join(dirname(file), target), false);
    };
    visit(join(dist, entry), true);
    return [...seen];
  }

  /** The packages and source files bundled into those files, from their source maps. */
  function sourcesOf(files: string[]): string[] {
    return files.flatMap((file) => (JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] }).sources);
  }

  it('dist/cli.js is a small boot module that turns on the compile cache before it imports the CLI', () => {
    const boot = readFileSync(join(dist, 'cli.js'), 'utf8');
    expect(boot).toContain('enableCompileCache');
    expect(boot.indexOf('enableCompileCache')).toBeLessThan(boot.indexOf('await import('));
    expect(statSync(join(dist, 'cli.js')).size).toBeLessThan(1000);
    for (const entry of ['main.js', 'run-process.js']) expect(readFileSync(join(dist, entry), 'utf8')).toContain('enableCompileCache');
  });

  it.each([
    ['the YAML parser', /node_modules\/yaml\//],
    ['the cron parser', /node_modules\/cron-parser\//],
    ['luxon', /node_modules\/luxon\//],
    ['the CSV parser and writer', /node_modules\/csv-(parse|stringify)\//],
    ['the file globber', /node_modules\/(tinyglobby|fdir|picomatch)\//],
    ['the locating JSON parser', /node_modules\/jsonc-parser\//],
    ['the state file lock', /node_modules\/proper-lockfile\//],
    ["zod's translations", /node_modules\/zod\/v4\/locales\/(?!en\.js)/],
    ['the email', /main\/email\/(render|html|text|send)\.ts/],
    ['the JSON Schema writer', /main\/engine\/schema\.ts/],
    ['the demo installer', /main\/engine\/demo\.ts/],
    ['the HTML entity decoder and JSONPath', /node_modules\/(entities|jsonpath-plus)\//],
    ['any check kind (each loads when a config names it)', /main\/checks\/(?!lib\/|registry|fields|types)[a-z-]+\//],
  ])('`backstop run` starts without %s', (_name, source) => {
    const loaded = sourcesOf(startupFiles('cli.js'));
    expect(loaded.length).toBeGreaterThan(20);
    expect(loaded.filter((path) => source.test(path))).toEqual([]);
  });

  it('undici, nodemailer, the Sheets client and typescript stay out of the bundle: node_modules has them, loaded when used', () => {
    const all = sourcesOf(startupFiles('cli.js').concat(startupFiles('run-process.js')));
    expect(all.filter((path) => /node_modules\/(undici|nodemailer|@googleapis|typescript)\//.test(path))).toEqual([]);
    const chunks = readFileSync(join(dist, 'cli.js.map'), 'utf8');
    expect(chunks).not.toContain('node_modules/undici/');
  });

  it('the preload is one CommonJS file that requires electron and nothing else (a sandboxed preload cannot)', () => {
    const preload = readFileSync(join(dist, 'preload.cjs'), 'utf8');
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1])).toEqual(['electron']);
    expect(existsSync(join(dist, 'renderer', 'index.html'))).toBe(true);
    expect(existsSync(join(dist, 'shared', 'ipc.js'))).toBe(true);
  });
});
