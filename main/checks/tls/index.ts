/**
 * `tls`: connects to a TLS port, verifies the certificate chain and host name,
 * and reports the days left before the certificate expires. Catches the renewal
 * that silently failed weeks before browsers start refusing the site.
 */
import { isIP } from 'node:net';
import { checkServerIdentity, connect, type DetailedPeerCertificate } from 'node:tls';
import * as z from 'zod';
import { dateAndTime } from '../../../shared/words.js';
import { certificateHosts, describeCertificateProblem, describeNetworkError, errorMessage, loadCaFile, withRootCas, wrongHostMessage } from '../../net/index.js';
import { caFile, days, host, port } from '../fields.js';
import { checkExpiryDays, expiryStatus } from '../lib/expiry.js';
import { defineCheck, type CheckContext, type CheckStatus } from '../types.js';

export const tlsSchema = z.strictObject({
  host: host('example.com', 'Host to connect to.'),
  port: port.default(443).meta({ description: 'TLS port.', examples: [443] }),
  servername: z
    .string({ error: 'must be a host name like "www.example.com"' })
    .min(1, { error: 'must be a host name like "www.example.com", got ""' })
    .optional()
    .meta({ description: 'Name sent in SNI and checked against the certificate; defaults to `host`.' }),
  warnDays: days(21).default(21).meta({ description: 'WARNING when the certificate expires in fewer days than this.' }),
  errorDays: days(7).default(7).meta({ description: 'ERROR when the certificate expires in fewer days than this.' }),
  ca: caFile,
}).superRefine(checkExpiryDays);

type TlsParams = z.output<typeof tlsSchema>;

interface Handshake {
  certificate: DetailedPeerCertificate;
  /** OpenSSL's or Node's reason the chain or name failed, or undefined when trusted. */
  authorizationError: string | undefined;
}

/** Completes a handshake without rejecting untrusted peers, so an expired or untrusted certificate can still be described. */
function handshake(host: string, portNumber: number, servername: string, ca: string[] | undefined, signal: AbortSignal): Promise<Handshake> {
  return new Promise((resolvePromise, reject) => {
    const socket = connect({
      host,
      port: portNumber,
      // SNI must be a name: RFC 6066 forbids IP addresses there.
      servername: isIP(servername) ? undefined : servername,
      ca,
      rejectUnauthorized: false,
    });
    const cleanUp = () => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
    };
    const onAbort = () => {
      cleanUp();
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      const certificate = socket.getPeerCertificate(true);
      const authorizationError = socket.authorized ? undefined : String(socket.authorizationError);
      cleanUp();
      resolvePromise({ certificate, authorizationError });
    });
    socket.once('error', (error) => {
      cleanUp();
      reject(error);
    });
  });
}

export async function checkTls(params: TlsParams, ctx: CheckContext): Promise<CheckStatus> {
  const servername = params.servername ?? params.host;
  const caFileRead = await loadCaFile(params.ca, ctx.configDir);
  if ('problem' in caFileRead) return { level: 'ERROR', result: caFileRead.problem };
  const ca = caFileRead.pem === undefined ? undefined : withRootCas(caFileRead.pem);

  let result: Handshake;
  try {
    result = await handshake(params.host, params.port, servername, ca, ctx.signal);
  } catch (error) {
    if (ctx.signal.aborted) return { level: 'ERROR', result: `no TLS handshake with ${params.host}:${params.port} before the check was stopped` };
    const network = describeNetworkError(error, `${params.host}:${params.port}`);
    return { level: 'ERROR', result: network ?? `TLS handshake failed: ${errorMessage(error)}` };
  }

  const { certificate, authorizationError } = result;
  if (!certificate || !certificate.valid_to) return { level: 'ERROR', result: 'the server sent no certificate' };

  // Dates are judged against the run's clock below, not OpenSSL's, and the host name gets its own message.
  const judgedSeparately = ['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID'];
  if (authorizationError !== undefined && !judgedSeparately.includes(authorizationError)) {
    return { level: 'ERROR', result: `certificate not trusted: ${describeCertificateProblem(authorizationError)}` };
  }
  if (checkServerIdentity(servername, certificate) !== undefined) {
    return { level: 'ERROR', result: wrongHostMessage(certificateHosts(certificate), servername) };
  }

  const now = ctx.now();
  const validFrom = new Date(certificate.valid_from);
  if (validFrom.getTime() > now.getTime()) {
    return { level: 'ERROR', result: `certificate not valid before ${dateAndTime(validFrom, ctx.timezone)}` };
  }
  return expiryStatus({
    subject: 'cert',
    expiredSubject: 'certificate',
    expiresAt: new Date(certificate.valid_to),
    now,
    timezone: ctx.timezone,
    warnDays: params.warnDays,
    errorDays: params.errorDays,
  });
}

export default defineCheck({
  kind: 'tls',
  description: 'Verifies a TLS certificate (chain and host name) and warns before it expires.',
  schema: tlsSchema,
  pool: 'network',
  check: checkTls,
});
