/**
 * `gatus`: the endpoints of a Gatus instance whose latest result failed, one row each with the
 * conditions that failed as Gatus shows them (`[STATUS] (500) == 200`) and a link to the
 * endpoint's page, and an OK line counting the healthy ones.
 */
import * as z from 'zod';
import { getJson, joinUrl } from '../../net/index.js';
import { caFile, httpUrl, insecure } from '../fields.js';
import { whenFieldsParsed } from '../lib/schema.js';
import { tallyLine } from '../lib/tally.js';
import { defineCheck, type CheckContext, type CheckStatus } from '../types.js';
import { statusesShape, type EndpointResult, type EndpointStatus } from './api.js';

export const gatusSchema = z
  .strictObject({
    url: httpUrl.meta({ description: 'Gatus\' address, like "https://status.example.com".', examples: ['https://status.example.com'] }),
    username: z
      .string({ error: 'must be the user name of Gatus\' `security.basic`, like "backstop"' })
      .min(1, { error: 'must be the user name of Gatus\' `security.basic`, like "backstop", got ""' })
      .optional()
      .meta({ description: 'With Gatus\' `security.basic`: its `username`.' }),
    password: z
      .string({ error: 'must be the password of Gatus\' `security.basic`, like "${GATUS_PASSWORD}"' })
      .min(1, { error: 'must be the password of Gatus\' `security.basic`, like "${GATUS_PASSWORD}", got ""' })
      .optional()
      .meta({ description: 'With Gatus\' `security.basic`: the password, from the environment: "${GATUS_PASSWORD}".' }),
    insecure,
    ca: caFile,
  })
  .superRefine(
    (params, ctx) => {
      if ((params.username === undefined) !== (params.password === undefined)) {
        const [missing, given] = params.username === undefined ? ['username', 'password'] : ['password', 'username'];
        // Neither field alone is wrong, so the issue is the resource's.
        ctx.addIssue({ code: 'custom', message: `set \`${missing}\` too: Gatus' basic security takes \`username\` and \`password\`, and only \`${given}\` is set` });
      }
    },
    whenFieldsParsed(['username', 'password']),
  );

type GatusParams = z.output<typeof gatusSchema>;

/** The endpoint as Gatus lists it: `core / Blog home`, or its key when it has no name. */
function nameOf(endpoint: EndpointStatus): string {
  const name = endpoint.name || endpoint.key;
  return endpoint.group ? `${endpoint.group} / ${name}` : name;
}

function latest(results: EndpointResult[]): EndpointResult | undefined {
  return results.reduce<EndpointResult | undefined>((newest, result) => (newest === undefined || Date.parse(result.timestamp) > Date.parse(newest.timestamp) ? result : newest), undefined);
}

/** What failed, as Gatus shows it: its errors, then the failed conditions with the values they got. */
function whatFailed(result: EndpointResult): string {
  const failed = [...(result.errors ?? []), ...(result.conditionResults ?? []).filter((condition) => !condition.success).map((condition) => condition.condition)];
  return failed.length > 0 ? failed.join('; ') : 'failing (Gatus hides this endpoint\'s conditions and errors)';
}

export async function checkGatus(params: GatusParams, ctx: CheckContext): Promise<CheckStatus[]> {
  const login = params.username !== undefined && params.password !== undefined;
  const answer = await getJson(ctx, joinUrl(params.url, 'api/v1/endpoints/statuses', { page: 1, pageSize: 1 }), {
    headers: login ? { authorization: `Basic ${Buffer.from(`${params.username}:${params.password}`, 'utf8').toString('base64')}` } : {},
    credential: login ? 'password' : undefined,
    shape: statusesShape,
    ca: params.ca,
    insecure: params.insecure,
  });
  if (!answer.ok) {
    const asksLogin = answer.status === 401 && !login;
    return [{ level: 'ERROR', result: asksLogin ? `${answer.error}: Gatus asks for a login: set \`username\` and \`password\`` : answer.error }];
  }
  if (answer.json.length === 0) return [{ level: 'ERROR', result: 'Gatus reports no endpoints: is `url` the Gatus you mean?' }];

  const rows: CheckStatus[] = [];
  let healthy = 0;
  let unchecked = 0;
  for (const endpoint of answer.json) {
    const result = latest(endpoint.results ?? []);
    if (result === undefined) unchecked += 1;
    else if (result.success) healthy += 1;
    else rows.push({ metric: nameOf(endpoint), level: 'ERROR', result: whatFailed(result), link: joinUrl(params.url, `endpoints/${encodeURIComponent(endpoint.key)}`) });
  }
  const summary = tallyLine('endpoint', [
    { count: healthy, state: 'healthy' },
    { count: rows.length, state: 'failing' },
    { count: unchecked, state: 'not checked yet' },
  ]);
  return [...rows, { level: 'OK', result: summary }];
}

export default defineCheck({
  kind: 'gatus',
  description: 'The endpoints of a Gatus instance whose latest result failed, with the failed conditions, each linked to its page.',
  schema: gatusSchema,
  pool: 'network',
  defaultLink: (params) => joinUrl(params.url, ''),
  check: checkGatus,
});
