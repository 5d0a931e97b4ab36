/**
 * The run starts ~200 network checks at once. 1,000 http checks against a
 * server that answers after 100 ms must take little more than the 5 × 100 ms
 * the server imposes, and stay small: this fails if each check builds its own
 * connection pool or leaves bodies unread.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pLimit from 'p-limit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import http from '../../../main/checks/http/index.js';
import { runCheck } from '../../helpers/context.js';

let server: Server;
let url: string;
const connections = new Set<unknown>();

beforeAll(async () => {
  server = createServer((_request, response) => {
    setTimeout(() => response.end('{"status":"ok"}'), 100);
  });
  server.on('connection', (socket) => connections.add(socket));
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolvePromise) => server.close(resolvePromise));
});

it('runs 1,000 checks 200 at a time in under 2 s and under 150 MB', async () => {
  const limit = pLimit(200);
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 20);
  const startedAt = performance.now();
  const rows = await Promise.all(
    Array.from({ length: 1000 }, () => limit(() => runCheck(http, { url, bodyContains: 'ok' }))),
  );
  const elapsedMs = performance.now() - startedAt;
  clearInterval(sampler);
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);

  const levels = rows.flat().map((row) => row.level);
  expect(levels.filter((level) => level === 'OK')).toHaveLength(1000);
  expect(elapsedMs).toBeLessThan(2000);
  expect(rssPeak).toBeLessThan(rssBefore + 150 * 1024 * 1024);
  // Keep-alive reuse: without it every check opens its own connection (1,000).
  expect(connections.size).toBeLessThan(600);
  console.log(`1000 http checks: ${Math.round(elapsedMs)} ms, rss ${Math.round(rssBefore / 1048576)} → peak ${Math.round(rssPeak / 1048576)} MB, ${connections.size} connections`);
});
