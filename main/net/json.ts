/**
 * GET a JSON document, for the kinds that read an API. Anything but a 2xx answer with
 * valid JSON of the expected shape becomes one sentence for the resource's ERROR line:
 *
 *     status 503 Service Unavailable on /api/health, expected 2xx: "Maintenance"
 *     status 401 Unauthorized on /api/v3/checks/: check `apiKey`
 *     status 200 OK on /api/states, but the response is not JSON: got an HTML page "Router login"
 *     status 200 OK on /api/v3/checks/, but `checks[2].status` is 42, expected text
 */
import type * as z from 'zod';
import { describeJsonValue, excerpt } from '../checks/lib/words.js';
import { htmlTitle, isHtml } from './body.js';
import { hasHeader, splitCredentials } from './urls.js';
import { request, type Answer, type NetContext, type RequestOptions } from './request.js';
import { describeStatus, headerValue, isSuccess, statusLine } from './status.js';

export interface JsonOptions<Shape extends z.ZodType> extends Omit<RequestOptions, 'method' | 'body' | 'whenLarger' | 'keepBytes' | 'discardBody'> {
  /** The Accept header, unless `headers` sets one. Default `application/json`. */
  accept?: string;
  /** The config field holding the credential, named as the fix on 401 and 403: `apiKey`. */
  credential?: string;
  /** The shape the answer must have (a zod schema): a mismatch names the field, what it held and what was expected. */
  shape?: Shape;
}

export type JsonOutcome<Value> =
  | { ok: true; json: Value; answer: Answer }
  /**
   * `status` when the server answered (an RDAP 404 means "no such domain"); `answer` with an
   * unexpected status, for APIs whose error bodies say more than any general wording
   * (Prometheus's `{"status": "error", "errorType", "error"}`).
   */
  | { ok: false; error: string; status?: number; answer?: Answer };

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  object: 'an object',
  record: 'an object',
  null: 'null',
};

/** `checks[2].status`, or `the response` for the root. */
function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the response';
  const written = path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? String(key) : `.${String(key)}`)).join('');
  return `\`${written}\``;
}

function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let value = json;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** What an accepted shape is, for "expected an object or a list": the type a branch wanted at the root. */
function rootExpectation(branch: readonly z.core.$ZodIssue[]): string | undefined {
  const [first] = branch;
  return first?.code === 'invalid_type' && first.path.length === 0 ? (TYPE_WORDS[first.expected] ?? first.expected) : undefined;
}

/**
 * A union of shapes (an API that answered one way, and another in older versions or its docs):
 * the branch that got furthest names the field, its path under the union's; when every branch
 * failed at the union itself, the shapes it accepts.
 */
function unionIssues(issue: z.core.$ZodIssue, branches: readonly (readonly z.core.$ZodIssue[])[]): z.core.$ZodIssue[] {
  const depth = (branch: readonly z.core.$ZodIssue[]) => branch[0]?.path.length ?? -1;
  const furthest = branches.reduce<readonly z.core.$ZodIssue[]>((best, branch) => (depth(branch) > depth(best) ? branch : best), []);
  if (depth(furthest) > 0) return furthest.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }));
  const expected = [...new Set(branches.map(rootExpectation))];
  if (expected.length === 0 || expected.includes(undefined)) return [issue];
  return [{ code: 'invalid_type', expected: expected.join(' or '), path: issue.path, message: issue.message, input: undefined } as z.core.$ZodIssue];
}

/** `` `checks[2].status` is 42, expected text ``, from the first thing zod found wrong. */
export function describeShapeProblem(json: unknown, issues: readonly z.core.$ZodIssue[]): string {
  const [first] = issues;
  if (first === undefined) return 'the response is not as expected';
  const branches = first.code === 'invalid_union' ? (first as { errors?: readonly (readonly z.core.$ZodIssue[])[] }).errors : undefined;
  if (branches !== undefined && branches.length > 0) return describeShapeProblem(json, [...unionIssues(first, branches), ...issues.slice(1)]);
  const issue = first;
  const value = valueAt(json, issue.path);
  const field = fieldName(issue.path);
  let problem: string;
  if (issue.code === 'invalid_type') {
    const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
    problem = value === undefined ? `${field} is missing, expected ${expected}` : `${field} is ${describeJsonValue(value)}, expected ${expected}`;
  } else if (issue.code === 'invalid_value') {
    problem = `${field} is ${describeJsonValue(value)}, expected ${issue.values.map((allowed) => JSON.stringify(allowed)).join(' or ')}`;
  } else if (issue.code === 'invalid_union' && Array.isArray((issue as { options?: unknown }).options)) {
    // A discriminated union (`resultType`, `status`) names the values it knows.
    const options = (issue as { options: unknown[] }).options;
    problem = `${field} is ${describeJsonValue(value)}, expected ${options.map((allowed) => JSON.stringify(allowed)).join(' or ')}`;
  } else {
    problem = `${field} is ${describeJsonValue(value)}: ${issue.message}`;
  }
  const more = issues.length - 1;
  return more > 0 ? `${problem} (and ${more} more problem${more === 1 ? '' : 's'})` : problem;
}

function carriesPassword(url: string): boolean {
  try {
    return splitCredentials(url).authorization !== undefined;
  } catch {
    return false;
  }
}

/** What came back instead of JSON: `an empty body`, `an HTML page "Router login"`, `"Service is starting"`. */
function describeNotJson(answer: Answer): string {
  const text = answer.body.trim();
  if (text === '') return 'an empty body';
  if (isHtml(text, headerValue(answer.headers, 'content-type'))) {
    const title = htmlTitle(text);
    return title === undefined ? 'an HTML page' : `an HTML page ${excerpt(title)}`;
  }
  return excerpt(text);
}

export async function getJson<Shape extends z.ZodType = z.ZodUnknown>(ctx: NetContext, url: string, options: JsonOptions<Shape> = {}): Promise<JsonOutcome<z.output<Shape>>> {
  const { accept = 'application/json', credential, shape, ...rest } = options;
  const given = options.headers ?? {};
  const outcome = await request(ctx, url, { ...rest, method: 'GET', headers: hasHeader(given, 'accept') ? given : { accept, ...given } });
  if (!outcome.ok) return outcome;
  const { ok: _ok, ...answer } = outcome;
  // Without a credential field of its own, a refused `user:password@` in the URL is the one to check.
  const refused = credential ?? (carriesPassword(url) ? 'url' : undefined);
  if (!isSuccess(answer.status)) return { ok: false, status: answer.status, error: describeStatus(answer, { credential: refused }), answer };
  let json: unknown;
  try {
    // A byte order mark (files written by Windows tools, served as they are) is not JSON, but not the sender's mistake either.
    json = JSON.parse(answer.body.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, status: answer.status, error: `${statusLine(answer)}, but the response is not JSON: got ${describeNotJson(answer)}` };
  }
  if (shape === undefined) return { ok: true, json: json as z.output<Shape>, answer };
  const parsed = shape.safeParse(json);
  if (!parsed.success) return { ok: false, status: answer.status, error: `${statusLine(answer)}, but ${describeShapeProblem(json, parsed.error.issues)}` };
  return { ok: true, json: parsed.data, answer };
}
