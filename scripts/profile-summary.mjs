// Where a V8 CPU profile (`node --cpu-prof`, or `npm run bench -- --profile DIR`) spends its time:
// self time by function and by source (a package under node_modules, Backstop's own bundle chunks,
// Node's internals), and total (inclusive) time of the heaviest functions.
//
//   node scripts/profile-summary.mjs FILE.cpuprofile [--top N]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
if (positionals.length !== 1) {
  console.error('usage: node scripts/profile-summary.mjs FILE.cpuprofile [--top N]');
  process.exit(2);
}
const top = Number(values.top);
const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

// Sample time: each sample lasts until the next one (timeDeltas are the gaps before each sample).
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const next = profile.timeDeltas[i + 1] ?? 0;
  selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + next);
}
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

function source(url) {
  if (!url) return '(native / V8)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.startsWith('node:')) return 'node internals';
  const dist = /\/dist\/(.+)$/.exec(url);
  return dist ? `dist/${dist[1]}` : url;
}
const label = (frame) => `${frame.functionName || '(anonymous)'}  ${source(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;

const selfByFunction = new Map();
const selfBySource = new Map();
const inclusive = new Map();
for (const [id, us] of selfUs) {
  const frame = byId.get(id).callFrame;
  selfByFunction.set(label(frame), (selfByFunction.get(label(frame)) ?? 0) + us);
  selfBySource.set(source(frame.url), (selfBySource.get(source(frame.url)) ?? 0) + us);
  // Inclusive: once per distinct function on the stack.
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const name = label(byId.get(at).callFrame);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + us);
  }
}

const ms = (us) => `${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / totalUs).toFixed(1).padStart(5)} %`;
const print = (title, map) => {
  console.log(`\n${title}`);
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)}  ${name}`);
};
console.log(`${positionals[0]}: ${(totalUs / 1000).toFixed(0)} ms sampled`);
print('self time by source', selfBySource);
print('self time by function', selfByFunction);
print('total time by function', inclusive);
