/**
 * `domain`: days until a domain registration expires, from RDAP (the
 * successor of whois). A lapsed domain takes down the web site, the mail and
 * every certificate at once, and the renewal reminder went to someone who left.
 */
import { domainToASCII } from 'node:url';
import * as z from 'zod';
import { days, httpUrl } from '../fields.js';
import { errorMessage, getJson, shownUrl } from '../../net/index.js';
import { checkExpiryDays, expiryStatus } from '../lib/expiry.js';
import { defineCheck, type CheckContext, type CheckStatus } from '../types.js';
import { eventsOf, loadBootstrap, rdapBaseFor, withTrailingSlash } from './rdap.js';

const DOMAIN_HINT = 'must be a domain name like "example.com"';
const DOMAIN_PATTERN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

export const domainSchema = z.strictObject({
  domain: z
    .string({ error: DOMAIN_HINT })
    .transform((text, ctx) => {
      // Case, a trailing dot and Unicode (IDN) spellings all name the same domain.
      const ascii = domainToASCII(text.trim().replace(/\.$/, '').toLowerCase());
      if (DOMAIN_PATTERN.test(ascii)) return ascii;
      const hint = /^[a-z]+:\/\//i.test(text) ? ' (the name only, without "https://")' : '';
      ctx.issues.push({ code: 'custom', input: text, message: `${DOMAIN_HINT}${hint}, got ${JSON.stringify(text)}` });
      return z.NEVER;
    })
    .meta({ description: 'The registered domain name.', examples: ['example.com'] }),
  warnDays: days(30).default(30).meta({ description: 'WARNING when the registration expires in fewer days than this.' }),
  errorDays: days(7).default(7).meta({ description: 'ERROR when the registration expires in fewer days than this.' }),
  rdapServer: httpUrl
    .optional()
    .meta({ description: 'RDAP base URL to ask instead of the one the bootstrap names.', examples: ['https://rdap.verisign.com/com/v1/'] }),
  bootstrapUrl: httpUrl
    .default('https://data.iana.org/rdap/dns.json')
    .meta({ description: 'RDAP bootstrap file that maps top-level domains to RDAP servers (RFC 9224).' }),
}).superRefine(checkExpiryDays);

type DomainParams = z.output<typeof domainSchema>;

export async function checkDomain(params: DomainParams, ctx: CheckContext): Promise<CheckStatus> {
  const name = params.domain;
  let base: string;
  if (params.rdapServer !== undefined) {
    base = withTrailingSlash(params.rdapServer);
  } else {
    try {
      const bootstrap = await loadBootstrap(params.bootstrapUrl, ctx.signal);
      const found = rdapBaseFor(bootstrap, name);
      if (found === undefined) {
        const tld = name.slice(name.lastIndexOf('.') + 1);
        return { level: 'ERROR', result: `no RDAP server for ".${tld}" in ${params.bootstrapUrl}; set \`rdapServer\` to the registry's RDAP URL` };
      }
      base = found;
    } catch (error) {
      if (ctx.signal.aborted) return { level: 'ERROR', result: 'stopped while loading the RDAP bootstrap' };
      return { level: 'ERROR', result: `cannot load the RDAP bootstrap ${params.bootstrapUrl}: ${errorMessage(error)}` };
    }
  }

  const url = `${base}domain/${name}`;
  const link = ctx.link ? {} : { link: shownUrl(url) };
  const fail = (result: string): CheckStatus => ({ level: 'ERROR', result, ...link });
  const answer = await getJson(ctx, url, { accept: 'application/rdap+json' });
  if (!answer.ok) {
    if (answer.status === 404) return fail(`${name} not found at ${shownUrl(url)} (404)`);
    return fail(`RDAP lookup of ${name} failed: ${answer.error}`);
  }

  const events = eventsOf(answer.json);
  const expiration = events.find((event) => typeof event.eventAction === 'string' && event.eventAction.toLowerCase() === 'expiration');
  if (expiration === undefined) {
    const seen = events.map((event) => String(event.eventAction)).join(', ') || 'none';
    return fail(`RDAP record of ${name} has no expiration event (events: ${seen})`);
  }
  const expiresAt = typeof expiration.eventDate === 'string' ? new Date(expiration.eventDate) : new Date(Number.NaN);
  if (Number.isNaN(expiresAt.getTime())) return fail(`RDAP expiration date of ${name} is not a date: ${JSON.stringify(expiration.eventDate)}`);

  return {
    ...expiryStatus({
      subject: 'domain',
      expiredSubject: 'domain',
      expiresAt,
      now: ctx.now(),
      timezone: ctx.timezone,
      warnDays: params.warnDays,
      errorDays: params.errorDays,
    }),
    ...link,
  };
}

export default defineCheck({
  kind: 'domain',
  description: 'Reads when a domain registration expires (RDAP) and warns before it lapses.',
  schema: domainSchema,
  pool: 'network',
  check: checkDomain,
});
