/**
 * Field types shared by several kinds' schemas, so the same thing is written,
 * validated and explained the same way everywhere.
 */
import { isIP } from 'node:net';
import parseDuration from 'parse-duration';
import * as z from 'zod';
import type { Level } from '../../shared/types.js';

/**
 * Numbers each with a unit, nothing else: parse-duration alone skips what it does not know,
 * so "1,5h" would be 15 hours and "1h garbage" one hour, without a word.
 */
const DURATION_PATTERN = /^(\s*\d+(\.\d+)?\s*(ms|msecs?|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?))+\s*$/i;

/**
 * A duration written with its unit: `"500ms"`, `"30s"`, `"2m"`, `"26h"`, `"7d"`, `"1h30m"`.
 * Parsed to milliseconds. A bare number is refused: "10" could mean seconds or milliseconds.
 */
export function duration(example = '26h') {
  return z
    .string({ error: `must be a duration like "${example}"` })
    .meta({ description: `A duration with its unit, like "${example}" (ms, s, m, h, d, w).`, examples: [example] })
    .transform((text, ctx) => {
      const ms = DURATION_PATTERN.test(text) ? parseDuration(text) : null;
      if (ms === null || ms === undefined || !Number.isFinite(ms) || ms <= 0) {
        ctx.issues.push({ code: 'custom', input: text, message: `must be a duration like "${example}", got ${JSON.stringify(text)}` });
        return z.NEVER;
      }
      return ms;
    });
}

/** An absolute http(s) URL. */
export const httpUrl = z
  .string({ error: 'must be a URL like "https://example.com/health"' })
  .refine((text) => {
    try {
      const url = new URL(text);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, { error: (issue) => `must be an http or https URL like "https://example.com/health", got ${JSON.stringify(issue.input)}` });

/** HTTP request headers, e.g. an API key from `${ENV}`. */
export const headers = z.record(z.string(), z.string()).meta({ description: 'Request headers, e.g. { "Authorization": "Bearer ${API_TOKEN}" }' });

/**
 * A host name or IP address to connect to. Accepts what people paste: surrounding spaces
 * and an IPv6 address in URL brackets (`[::1]`); refuses a URL or `host:port` with the fix,
 * since the resolver would only say "host not found".
 */
export function host(example: string, description: string) {
  const hint = `must be a host name or IP address like "${example}"`;
  return z
    .string({ error: hint })
    .min(1, { error: `${hint}, got ""` })
    // On the input side, so the JSON Schema shows it (a transform's output has no JSON type).
    .meta({ description, examples: [example] })
    .transform((text, ctx) => {
      const trimmed = text.trim();
      const name = /^\[[0-9a-f:.]+\]$/i.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
      const refuse = (message: string) => {
        ctx.issues.push({ code: 'custom', input: text, message: `${message}, got ${JSON.stringify(text)}` });
        return z.NEVER;
      };
      if (/^[a-z][a-z\d+.-]*:\/\//i.test(name)) {
        const url = URL.canParse(name) ? new URL(name) : undefined;
        const parts = url ? ` like "${url.hostname.replace(/^\[|\]$/g, '')}"${url.port ? ` and \`port\` ${url.port}` : ''}` : '';
        return refuse(`must be a host name, not a URL: write the host${parts}`);
      }
      const withPort = isIP(name) === 0 ? /^(.+):(\d+)$/.exec(name) : null;
      if (withPort) return refuse(`must be a host name without a port: write "${withPort[1]}" here and ${withPort[2]} in \`port\``);
      if (name === '' || /[\s/]/.test(name)) return refuse(hint);
      return name;
    });
}

export const port = z.number({ error: 'must be a port number like 443' }).int().min(1).max(65535);

/** Whole days, for expiry thresholds. */
export const days = (example: number) => z.number({ error: `must be a number of days like ${example}` }).min(0);

/**
 * Fields that name a file on this machine, relative to the config file's folder. `backstop validate`
 * checks that each exists (without running anything); a run leaves it to the check.
 */
export const localFileFields = z.registry<{
  /** What the file is, for the message: "PEM file of extra CAs". */
  what: string;
  /** The field may also hold an http(s) URL, which is not a file to look for. */
  orUrl?: boolean;
}>();

/** `ca`: extra CAs to trust (an internal CA), for every kind that speaks TLS; read at check time by `loadCaFile`. */
export const caFile = z
  .string({ error: 'must be the path of a PEM file like "certs/internal-ca.pem"' })
  .min(1, { error: 'must be the path of a PEM file like "certs/internal-ca.pem", got ""' })
  .register(localFileFields, { what: 'PEM file of extra CAs' })
  .optional()
  .meta({ description: 'PEM file of extra CAs to trust (internal CAs), relative to the config file.' });

/** `insecure`: skip certificate verification, for the kinds that request a URL. */
export const insecure = z.boolean({ error: 'must be true or false' }).default(false).meta({ description: 'Skip TLS certificate verification.' });

/** A level a config chooses for a case (`noDataLevel`, a severity's level): `ERROR`, `WARNING` or `OK`. */
export function levelField(description: string) {
  return z
    .enum(['ERROR', 'WARNING', 'OK'] satisfies Level[], { error: (issue) => `must be ERROR, WARNING or OK, got ${JSON.stringify(issue.input)}` })
    .meta({ description });
}
