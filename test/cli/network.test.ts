/**
 * A CLI run leaves no connection open behind it: the keep-alive connections of its
 * checks are closed when the command ends (cron and systemd runs exit, but the
 * program is also run in-process, by tests and by whoever embeds it).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startHttpServer, type TestHttpServer } from '../servers/http.js';

let server: TestHttpServer;
beforeAll(async () => {
  server = await startHttpServer((_url, _request, response) => response.end('ok'));
});
afterAll(() => server.close());

it('closes the connections of its checks when the run ends', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'backstop-cli-net-'));
  const resources = [1, 2, 3].map((n) => `  - { name: "site ${n}", type: http, url: "${server.url(`/${n}`)}", link: "https://x.example" }`);
  writeFileSync(join(dir, 'backstop.yaml'), `timezone: UTC\nresources:\n${resources.join('\n')}\n`);
  const result = await runCli(['run', join(dir, 'backstop.yaml'), '--print', '--data-dir', join(dir, 'data')]);
  expect(result.code).toBe(0);
  expect(server.requests).toHaveLength(3);
  await vi.waitFor(() => expect(server.openConnections()).toBe(0), { timeout: 1_000 });
});
