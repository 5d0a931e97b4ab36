/**
 * Certificate trust: which CAs a connection trusts (the config's `ca` file on top of
 * the public roots, or nothing with `insecure`), and trust failures in words: OpenSSL
 * verification codes as sentences, and the wrong-host message that names the hosts
 * the certificate is actually for. Used by every request and by the `tls` kind.
 */
import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { rootCertificates, type PeerCertificate } from 'node:tls';
import { readLocalText } from '../checks/lib/local-file.js';
import { describeFsError } from '../checks/lib/words.js';

/** A kind's trust settings as written in the config: the `ca` and `insecure` fields. */
export interface TrustOptions {
  /** PEM file of extra CAs, relative to the config file's folder. */
  ca?: string | undefined;
  /** Skip certificate verification. */
  insecure?: boolean | undefined;
}

/** Trust settings resolved for a connection: the PEM text itself, read from the `ca` file. */
export interface TrustPolicy {
  insecure: boolean;
  /** Extra CAs to trust besides Node's bundled roots. */
  caPem?: string | undefined;
}

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

/** Why a `ca` file cannot be read, as the fix: the path is the usual culprit. */
function describeCaReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return "no such file: check the path (relative paths start at the config file's folder)";
  if (code === 'EISDIR') return 'it is a folder: name the PEM file inside it';
  return describeFsError(error);
}

/**
 * The PEM text of the config's `ca` file (extra, internal CAs), resolved against the config's folder,
 * or the report line when it cannot be used. No `ca` gives no PEM: Node's public roots alone.
 */
export async function loadCaFile(caPath: string | undefined, configDir: string): Promise<{ pem: string | undefined } | { problem: string }> {
  if (caPath === undefined) return { pem: undefined };
  const path = isAbsolute(caPath) ? caPath : resolve(configDir, caPath);
  // A run of 1,000 checks with one `ca` asks for it 1,000 times: read it once per version of
  // the file (a stat costs a tenth of opening and reading it), and once for requests asking together.
  const version = await stat(path).then(
    (info) => `${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`,
    () => undefined,
  );
  if (version === undefined) return readCaFile(path);
  const cached = caFiles.get(path);
  if (cached?.version === version) return cached.result;
  const result = readCaFile(path);
  caFiles.set(path, { version, result });
  return result;
}

/** The last read of each `ca` file, by path, with the version of the file it read. */
const caFiles = new Map<string, { version: string; result: Promise<{ pem: string } | { problem: string }> }>();

async function readCaFile(path: string): Promise<{ pem: string } | { problem: string }> {
  let pem: string;
  try {
    pem = await readLocalText(path);
  } catch (error) {
    return { problem: `cannot read \`ca\` file ${path}: ${describeCaReadError(error)}` };
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    return { problem: `\`ca\` file ${path} holds no certificate: expected PEM text starting "-----BEGIN CERTIFICATE-----"` };
  }
  return { pem };
}

/** The `ca` file read and the policy built, or the report line when the file cannot be used. */
export async function readTrust(options: TrustOptions, configDir: string): Promise<{ policy: TrustPolicy } | { problem: string }> {
  const ca = await loadCaFile(options.ca, configDir);
  if ('problem' in ca) return ca;
  return { policy: { insecure: options.insecure === true, caPem: ca.pem } };
}

/** Node's bundled public roots plus `pem`: a `ca` option replaces the default list rather than adding to it. */
export function withRootCas(pem: string): string[] {
  return [...rootCertificates, pem];
}
