/**
 * Certificate trust in words, shared by the `tls` and `http` kinds: extra CAs
 * from a PEM file, OpenSSL verification codes as sentences, and the
 * wrong-host message that names the hosts the certificate is actually for.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { rootCertificates, type PeerCertificate } from 'node:tls';

/** OpenSSL's verification codes (as Node reports them) in the words people search for. */
const CERTIFICATE_PROBLEMS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in certificate chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the first certificate (is the intermediate certificate missing?)',
  UNABLE_TO_GET_ISSUER_CERT: 'unable to get issuer certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unable to get local issuer certificate',
  CERT_SIGNATURE_FAILURE: 'certificate signature failure',
  CERT_REVOKED: 'certificate revoked',
  CERT_UNTRUSTED: 'certificate not trusted',
  CERT_REJECTED: 'certificate rejected',
  INVALID_CA: 'invalid CA certificate',
  PATH_LENGTH_EXCEEDED: 'path length constraint exceeded',
  INVALID_PURPOSE: 'certificate not allowed for this purpose',
  HOSTNAME_MISMATCH: 'hostname mismatch',
  ERR_TLS_CERT_ALTNAME_INVALID: 'hostname does not match the certificate',
};

export function isCertificateProblem(code: string | undefined): code is string {
  return code !== undefined && code in CERTIFICATE_PROBLEMS;
}

/** `self-signed certificate` for `DEPTH_ZERO_SELF_SIGNED_CERT`; unknown codes are shown as they are. */
export function describeCertificateProblem(code: string): string {
  return CERTIFICATE_PROBLEMS[code] ?? code;
}

/** The names a certificate is for: its DNS and IP subject alternative names, else its common name. */
export function certificateHosts(certificate: Pick<PeerCertificate, 'subject' | 'subjectaltname'>): string[] {
  const altNames = (certificate.subjectaltname ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith('DNS:') || entry.startsWith('IP Address:'))
    .map((entry) => entry.slice(entry.indexOf(':') + 1));
  if (altNames.length > 0) return altNames;
  const commonName = certificate.subject?.CN;
  return commonName ? [Array.isArray(commonName) ? commonName.join(', ') : commonName] : [];
}

/** `certificate is for other.test, not localhost`. */
export function wrongHostMessage(hosts: string[], expected: string): string {
  return hosts.length > 0
    ? `certificate is for ${hosts.join(', ')}, not ${expected}`
    : `certificate names no host, expected ${expected}`;
}

/** The PEM text of the config's `ca` file (extra, internal CAs), resolved against the config's folder. */
export async function readCaFile(caPath: string, configDir: string): Promise<string> {
  const path = isAbsolute(caPath) ? caPath : resolve(configDir, caPath);
  const pem = await readFile(path, 'utf8');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new Error(`${path} holds no PEM certificate (expected "-----BEGIN CERTIFICATE-----")`);
  }
  return pem;
}

/** Node's bundled public roots plus `pem`: a `ca` option replaces the default list rather than adding to it. */
export function withRootCas(pem: string): string[] {
  return [...rootCertificates, pem];
}
