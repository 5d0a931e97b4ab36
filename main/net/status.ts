/**
 * The one wording of an HTTP answer that is not the one expected, for every kind that
 * requests a URL: the status with its reason, the path it came from (never the host's
 * credentials or the query, which may hold a secret), what was expected, and what the
 * page says in a few words:
 *
 *     status 503 Service Unavailable on /api/health, expected 2xx: "Maintenance"
 *     status 401 Unauthorized on /api/v3/checks/: check `apiKey` ("wrong API key")
 */
import { STATUS_CODES } from 'node:http';
import { describeBody } from './body.js';

/** An answer as far as its wording needs: status, headers, the body read, and where it came from. */
export interface StatusFacts {
  status: number;
  headers?: Record<string, string | string[] | undefined>;
  body?: string;
  /** Where it came from, as `placeOf` words it (`/api/health`); omitted when the caller names it. */
  place?: string;
}

export interface StatusWording {
  /** What would have been healthy: `2xx` (default), `200 or 3xx`. */
  expected?: string;
  /** The config field holding the credential, named as the fix when the server refuses it (401, 403): `apiKey`. */
  credential?: string;
}

/** `Service Unavailable` for 503; undefined for a code without a standard name. */
export function reasonPhrase(status: number): string | undefined {
  return STATUS_CODES[status];
}

/** 2xx. */
export function isSuccess(status: number): boolean {
  return status >= 200 && status <= 299;
}

/** A header's single value (undici gives repeated headers as a list). */
export function headerValue(headers: Record<string, string | string[] | undefined> | undefined, name: string): string | undefined {
  const value = headers?.[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** `status 503 Service Unavailable on /api/health`: the status, its reason and where, for the start of a line. */
export function statusLine(facts: Pick<StatusFacts, 'status' | 'place'>): string {
  const reason = reasonPhrase(facts.status);
  return `status ${facts.status}${reason ? ` ${reason}` : ''}${facts.place ? ` on ${facts.place}` : ''}`;
}

/** An unexpected status as a report line; see the file comment for the forms. */
export function describeStatus(facts: StatusFacts, wording: StatusWording = {}): string {
  const reason = reasonPhrase(facts.status);
  const said = describeBody(facts.body ?? '', headerValue(facts.headers, 'content-type'), [String(facts.status), ...(reason ? [reason] : [])]);
  if (wording.credential !== undefined && (facts.status === 401 || facts.status === 403)) {
    return `${statusLine(facts)}: check \`${wording.credential}\`${said ? ` (${said})` : ''}`;
  }
  return `${statusLine(facts)}, expected ${wording.expected ?? '2xx'}${said ? `: ${said}` : ''}`;
}
