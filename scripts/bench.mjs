// `npm run bench`: the speed and memory targets, measured on the whole CLI process
// from start to exit, against servers on loopback only. Prints figures; exits 1 if a target is missed.
//
//   1. 1,000 http checks, each answered after 100 ms      → under 2 s and 150 MB
//   1b. the same over HTTPS with a `ca:` file               → as fast and as small as 1
//   2. 20 fast checks + 3 hanging endpoints + `sleep 1000`, 5 s timeouts
//                                                         → exits within timeout + 1 s, nothing left running
//   3. `backstop run --print` of the demo config          → under 0.5 s
//   4. the results window with 5,000 statuses (Chromium)  → first paint under 300 ms, filter under 50 ms a keystroke
//   5. 200 process checks (`bash -c 'echo [STATUS]…'`)    → within 1.33× a bare Node spawn loop, measured in the same run
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure } from './bench-lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'main', 'cli.js');
const work = mkdtempSync(join(tmpdir(), 'backstop-bench-'));
const results = [];

/** Runs the CLI as a child process; resolves with wall and CPU time, peak RSS and output. */
function timeCli(args) {
  return measure([cli, ...args]);
}

function record(name, figures, target, pass) {
  results.push({ name, ...figures, target, pass });
  const shown = Object.entries(figures).map(([key, value]) => `${key} ${typeof value === 'number' ? value.toFixed(key.includes('ratio') ? 2 : 0) : value}`).join(', ');
  console.log(`${pass ? 'PASS' : 'MISS'}  ${name}: ${shown}  (target: ${target})`);
}

function yamlConfig(resources, extra = '') {
  const lines = resources.map((r) => `  - ${JSON.stringify(r)}`);
  return `${extra}resources:\n${lines.join('\n')}\n`;
}

/** A CA and a certificate it signed for 127.0.0.1, made with node-forge (a dev dependency). */
async function internalCertificates() {
  const { default: forge } = await import('node-forge');
  const { generateKeyPairSync } = await import('node:crypto');
  const keys = () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    return { privateKey: forge.pki.privateKeyFromPem(privateKey), publicKey: forge.pki.publicKeyFromPem(publicKey), keyPem: privateKey };
  };
  const certificate = (publicKey, serial) => {
    const cert = forge.pki.createCertificate();
    cert.publicKey = publicKey;
    cert.serialNumber = serial;
    cert.validity.notBefore = new Date(Date.now() - 86_400_000);
    cert.validity.notAfter = new Date(Date.now() + 30 * 86_400_000);
    return cert;
  };
  const caKeys = keys();
  const caCert = certificate(caKeys.publicKey, '01');
  const caName = [{ name: 'commonName', value: 'Backstop Bench CA' }];
  caCert.setSubject(caName);
  caCert.setIssuer(caName);
  caCert.setExtensions([{ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }]);
  caCert.sign(caKeys.privateKey, forge.md.sha256.create());
  const leafKeys = keys();
  const leafCert = certificate(leafKeys.publicKey, '02');
  leafCert.setSubject([{ name: 'commonName', value: '127.0.0.1' }]);
  leafCert.setIssuer(caName);
  leafCert.setExtensions([{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }, { name: 'extKeyUsage', serverAuth: true }]);
  leafCert.sign(caKeys.privateKey, forge.md.sha256.create());
  return { ca: forge.pki.certificateToPem(caCert), leaf: { cert: forge.pki.certificateToPem(leafCert), key: leafKeys.keyPem } };
}

// A floor to compare with: how long this machine needs to start node and exit.
const nodeFloor = (() => {
  const runs = Array.from({ length: 3 }, () => {
    const started = performance.now();
    spawnSync(process.execPath, ['-e', '']);
    return performance.now() - started;
  });
  return Math.min(...runs);
})();
console.log(`node start-up floor on this machine: ${nodeFloor.toFixed(0)} ms\n`);

// 1. 1,000 × 100 ms -----------------------------------------------------------
{
  const server = createServer((request, response) => setTimeout(() => response.end('ok'), 100));
  server.keepAliveTimeout = 5000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  const resources = Array.from({ length: 1000 }, (_, i) => ({ name: `site ${i}`, type: 'http', url: `http://127.0.0.1:${port}/${i}`, link: 'https://example.com' }));
  const config = join(work, 'thousand.yaml');
  writeFileSync(config, yamlConfig(resources));
  const run = await timeCli(['run', config, '--print', '--data-dir', join(work, 'data-1')]);
  server.close();
  const ok = run.stdout.split('\n').filter((line) => line.startsWith('OK,')).length;
  // Floor: 1,000 requests of 100 ms, 200 at a time = 5 waves of 100 ms, plus node start-up.
  const floor = 500 + nodeFloor;
  record('1,000 http checks × 100 ms', { wall_ms: run.wallMs, peak_mb: run.rssMb, ok_rows: ok, ratio_to_floor: run.wallMs / floor }, '< 2000 ms, < 150 MB, 1000 OK', run.wallMs < 2000 && run.rssMb < 150 && ok === 1000);
}

// 1b. 1,000 × 100 ms over HTTPS, trusting an internal CA through `ca:` ---------------
// Every check reads the same `ca` file; they must share one connection pool (one Agent),
// not build one each. Compared with workload 1, which has no TLS and no `ca`.
{
  const { ca, leaf } = await internalCertificates();
  writeFileSync(join(work, 'internal-ca.pem'), ca);
  const server = createHttpsServer({ cert: leaf.cert, key: leaf.key }, (request, response) => setTimeout(() => response.end('ok'), 100));
  server.keepAliveTimeout = 5000;
  let handshakes = 0;
  server.on('secureConnection', () => handshakes++);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  const resources = Array.from({ length: 1000 }, (_, i) => ({ name: `site ${i}`, type: 'http', url: `https://127.0.0.1:${port}/${i}`, ca: 'internal-ca.pem', link: 'https://example.com' }));
  const config = join(work, 'thousand-ca.yaml');
  writeFileSync(config, yamlConfig(resources));
  const run = await timeCli(['run', config, '--print', '--data-dir', join(work, 'data-1b')]);
  server.close();
  const ok = run.stdout.split('\n').filter((line) => line.startsWith('OK,')).length;
  const plain = results.find((result) => result.name.startsWith('1,000 http checks'));
  record(
    '1,000 http checks × 100 ms with a ca: file (HTTPS)',
    { wall_ms: run.wallMs, peak_mb: run.rssMb, ok_rows: ok, tls_handshakes: handshakes, ratio_to_plain: run.wallMs / plain.wall_ms },
    '< 2000 ms, < 150 MB, 1000 OK, at most 200 handshakes (one pool, capped at the network concurrency)',
    run.wallMs < 2000 && run.rssMb < 150 && ok === 1000 && handshakes <= 200,
  );
}

// 2. Hanging endpoints and a sleeping process, 5 s timeouts -------------------
{
  const fast = createServer((request, response) => response.end('ok'));
  await new Promise((resolve) => fast.listen(0, '127.0.0.1', resolve));
  const sockets = new Set();
  const hang = createTcpServer((socket) => sockets.add(socket)); // accepts, never answers
  await new Promise((resolve) => hang.listen(0, '127.0.0.1', resolve));
  const marker = `backstop-bench-sleep-${process.pid}`;
  const resources = [
    ...Array.from({ length: 20 }, (_, i) => ({ name: `fast ${i}`, type: 'http', url: `http://127.0.0.1:${fast.address().port}/`, link: 'https://example.com' })),
    ...Array.from({ length: 3 }, (_, i) => ({ name: `hang ${i}`, type: 'http', url: `http://127.0.0.1:${hang.address().port}/`, link: 'https://example.com' })),
    { name: 'sleeper', type: 'process', command: `sleep 1000 # ${marker}`, link: 'https://example.com' },
  ];
  const config = join(work, 'hanging.yaml');
  writeFileSync(config, yamlConfig(resources, 'defaults: { timeout: 5s }\n'));
  const run = await timeCli(['run', config, '--print', '--data-dir', join(work, 'data-2')]);
  fast.close();
  hang.close();
  for (const socket of sockets) socket.destroy();
  const errors = run.stdout.split('\n').filter((line) => line.startsWith('ERROR,')).length;
  const left = spawnSync('pgrep', ['-f', marker], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).filter((pid) => {
    try {
      return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].startsWith('Z');
    } catch {
      return false;
    }
  });
  record(
    '20 fast + 3 hanging endpoints + sleep 1000, 5 s timeouts',
    { wall_ms: run.wallMs, peak_mb: run.rssMb, error_rows: errors, left_running: left.length, ratio_to_floor: run.wallMs / (5000 + nodeFloor) },
    '< 6000 ms (timeout + 1 s), 4 ERROR rows, nothing left running',
    run.wallMs < 6000 && errors === 4 && left.length === 0,
  );
}

// 3. The demo ------------------------------------------------------------------
{
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await timeCli(['run', join(root, 'demo', 'backstop.yaml'), '--print', '--data-dir', join(work, 'data-3')]));
  const best = Math.min(...runs.map((run) => run.wallMs));
  const median = runs.map((run) => run.wallMs).sort((a, b) => a - b)[2];
  record('backstop run --print demo/backstop.yaml', { best_ms: best, median_ms: median, peak_mb: runs[0].rssMb, ratio_to_floor: median / nodeFloor }, '< 500 ms', median < 500);
}

// 4. The results window ----------------------------------------------------------
{
  const window = spawnSync(process.execPath, [join(root, 'scripts', 'bench-renderer.mjs')], { encoding: 'utf8' });
  process.stdout.write(window.stdout.replace(/^/gm, '      '));
  if (window.stderr) process.stderr.write(window.stderr);
  record('results window, 50,000 statuses; item history of 400 runs', { exit_code: window.status }, 'first paint < 600 ms, keystroke < 50 ms, history < 250 ms', window.status === 0);
}

// 5. Process checks against a bare spawn loop (scripts/bench-process.mjs) -------------
{
  const processes = spawnSync(process.execPath, [join(root, 'scripts', 'bench-process.mjs'), '--runs', '3'], { encoding: 'utf8' });
  process.stdout.write(processes.stdout.replace(/^(?!BENCH_PROCESS)/gm, '      ').replace(/^BENCH_PROCESS.*\n/gm, ''));
  if (processes.stderr) process.stderr.write(processes.stderr);
  const figures = /BENCH_PROCESS pool=\d+ backstop_ms=(\d+) floor_ms=(\d+) ratio=([\d.]+)/.exec(processes.stdout);
  const ratio = Number(figures?.[3] ?? NaN);
  record(
    "200 process checks (bash -c 'echo [STATUS]…')",
    { wall_ms: Number(figures?.[1] ?? NaN), floor_ms: Number(figures?.[2] ?? NaN), ratio_to_floor: ratio },
    'every row OK, nothing left running; within 1.33× a bare Node spawn loop (0.40 s against 0.30 s)',
    processes.status === 0 && ratio <= 1.33,
  );
}

rmSync(work, { recursive: true, force: true });
const missed = results.filter((result) => !result.pass);
console.log(`\n${results.length - missed.length} passed, ${missed.length} failed`);
process.exit(missed.length ? 1 : 0);
