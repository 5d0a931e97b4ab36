// Copies the non-TypeScript parts of the app (renderer HTML/CSS, icons) next to
// the compiled code, so dist/ is complete after `npm run build`.
import { cpSync, existsSync, mkdirSync } from 'node:fs';

const copies = [
  ['renderer', 'dist/renderer', (source) => !source.endsWith('.ts')],
  ['assets', 'dist/assets', () => true],
];
for (const [from, to, filter] of copies) {
  if (!existsSync(from)) continue;
  mkdirSync(to, { recursive: true });
  cpSync(from, to, { recursive: true, filter });
}
