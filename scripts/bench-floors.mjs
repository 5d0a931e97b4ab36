// The floors `npm run bench` compares Backstop with: the least a bare Node script needs to do
// the same I/O, run as a whole process like the CLI (so Node's own start-up is in both).
//
//   node scripts/bench-floors.mjs http <base-url> <count> <concurrency> [ca-file]
//       `count` GETs of <base-url>/<i> through one undici Agent (`concurrency` connections,
//       the same number of requests in flight), each body read; prints how many answered 200.
//   node scripts/bench-floors.mjs sheet <url>
//       fetches a TSV with undici and splits it into rows of cells; prints the row count.
//   node scripts/bench-floors.mjs process <count> <pool> [sleep-seconds]
//       spawns `count` × bash -c "echo '[STATUS]^OK^fine N'", `pool` at once, reads each one's
//       stdout; prints how many said OK.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

const [what, ...args] = process.argv.slice(2);

if (what === 'http') {
  const [base, count, concurrency, caFile] = [args[0], Number(args[1]), Number(args[2]), args[3]];
  const agent = new Agent({ connections: concurrency, ...(caFile ? { connect: { ca: readFileSync(caFile, 'utf8') } } : {}) });
  let next = 0;
  let ok = 0;
  const worker = async () => {
    while (next < count) {
      const { statusCode, body } = await request(`${base}/${next++}`, { dispatcher: agent });
      await body.text();
      if (statusCode === 200) ok++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await agent.close();
  process.stdout.write(`${ok} OK\n`);
} else if (what === 'sheet') {
  const { body } = await request(args[0]);
  const rows = (await body.text()).split('\n').map((line) => line.split('\t'));
  process.stdout.write(`${rows.length} rows\n`);
} else if (what === 'process') {
  const [count, pool, sleep] = [Number(args[0]), Number(args[1]), Number(args[2] ?? 0)];
  let next = 0;
  let ok = 0;
  const one = () => {
    if (next >= count) return Promise.resolve();
    const i = next++;
    return new Promise((resolve) => {
      const child = spawn('bash', ['-c', `${sleep > 0 ? `sleep ${sleep}; ` : ''}echo '[STATUS]^OK^fine ${i}'`], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.on('close', () => {
        if (out.startsWith('[STATUS]^OK^')) ok++;
        resolve();
      });
    }).then(one);
  };
  await Promise.all(Array.from({ length: pool }, one));
  process.stdout.write(`${ok} OK\n`);
} else {
  process.stderr.write('usage: bench-floors.mjs http <base-url> <count> <concurrency> [ca-file] | sheet <url> | process <count> <pool> [sleep-seconds]\n');
  process.exit(2);
}
