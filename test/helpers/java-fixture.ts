import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The Java fixture in a temp folder, pointed at a loopback port. */
export async function javaFixture(port: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'backstop-java-'));
  const fixtures = new URL('../fixtures/config/', import.meta.url).pathname;
  writeFileSync(join(dir, 'config.json'), readFileSync(join(fixtures, 'java-original.json'), 'utf8').replaceAll('PORT', String(port)));
  copyFileSync(join(fixtures, 'triggers.tsv'), join(dir, 'triggers.tsv'));
  return join(dir, 'config.json');
}
