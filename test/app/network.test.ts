/**
 * The app runs for months and reloads its config whenever the file changes: the
 * connections made for the old config (one pool per `ca` file) must close then.
 */
import './setup.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { setupConfig } from '../../main/app/config.js';
import { request } from '../../main/net/index.js';
import { makeContext } from '../helpers/context.js';
import { startHttpServer, type TestHttpServer } from '../servers/http.js';
import { testContext } from './helpers.js';

let server: TestHttpServer;
beforeAll(async () => {
  server = await startHttpServer((_url, _request, response) => response.end('ok'));
});
afterAll(() => server.close());

it('closes the network connections when the config is reloaded', { timeout: 120_000 }, async () => {
  const ctx = testContext();
  mkdirSync(dirname(ctx.paths.configPath), { recursive: true });
  writeFileSync(ctx.paths.configPath, 'timezone: UTC\nresources:\n  - { name: A, type: proof-of-life, link: "https://x.example" }\n');
  const config = await setupConfig(ctx);
  try {
    expect(await request(makeContext({ timeoutMs: 60_000 }), server.url('/health'))).toMatchObject({ ok: true, status: 200 });
    // undici keeps the connection alive for the next check.
    expect(server.openConnections()).toBe(1);
    await config.reload();
    await vi.waitFor(() => expect(server.openConnections()).toBe(0), { timeout: 10_000 });
  } finally {
    config.close();
  }
});
