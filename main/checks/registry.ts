/**
 * Every check kind, one line each, in the order the README documents them.
 * A kind's `type` name is written once, in its folder's definition.
 */
import type { CheckDefinition } from './types.js';
import proofOfLife from './proof-of-life/index.js';
import http from './http/index.js';
import process from './process/index.js';
import trigger from './trigger/index.js';
import fileAge from './file-age/index.js';
import jsonAge from './json-age/index.js';
import lastModified from './last-modified/index.js';
import jsonValue from './json-value/index.js';
import tls from './tls/index.js';
import domain from './domain/index.js';
import tcp from './tcp/index.js';
import healthchecks from './healthchecks/index.js';
import uptimeKuma from './uptime-kuma/index.js';
import gatus from './gatus/index.js';
import statuspage from './statuspage/index.js';
import alertmanager from './alertmanager/index.js';
import prometheus from './prometheus/index.js';
import homeAssistant from './home-assistant/index.js';
import module from './module/index.js';

export const checks: readonly CheckDefinition[] = [
  proofOfLife,
  http,
  process,
  trigger,
  fileAge,
  jsonAge,
  lastModified,
  jsonValue,
  tls,
  domain,
  tcp,
  healthchecks,
  uptimeKuma,
  gatus,
  statuspage,
  alertmanager,
  prometheus,
  homeAssistant,
  module,
] as CheckDefinition[];

const byKind = new Map(checks.map((definition) => [definition.kind, definition]));

export function findCheck(kind: string): CheckDefinition | undefined {
  return byKind.get(kind);
}

export function checkKinds(): string[] {
  return checks.map((definition) => definition.kind);
}
