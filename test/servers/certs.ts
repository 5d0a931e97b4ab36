/**
 * Certificates for loopback TLS tests: a CA and leaf certificates with chosen
 * validity and subject alternative names, generated with node-forge.
 * Keys come from node:crypto (native, fast); forge only builds and signs the
 * certificates.
 *
 * ```ts
 * const ca = createCa();
 * const leaf = createLeaf(ca, { hosts: ['localhost', '127.0.0.1'], notAfter: daysFromNow(12) });
 * // serve leaf.certPem + leaf.keyPem; trust ca.certPem in the client
 * ```
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

const DAY_MS = 86_400_000;

export interface KeyAndCert {
  certPem: string;
  keyPem: string;
  /** The certificate as forge parsed it, to sign others (CA) or inspect. */
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

export interface CertificateOptions {
  commonName?: string;
  /** Default: one day ago. */
  notBefore?: Date;
  /** Default: 365 days from now. */
  notAfter?: Date;
}

export interface LeafOptions extends CertificateOptions {
  /** DNS names and IP addresses the certificate is for (subject alternative names). Default: localhost and 127.0.0.1. */
  hosts?: string[];
}

/** A date `days` from now (negative for the past), for notBefore/notAfter. */
export function daysFromNow(days: number, from: Date = new Date()): Date {
  return new Date(from.getTime() + days * DAY_MS);
}

function newKeyPair(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    privateKey: forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey,
    publicKey: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
  };
}

function baseCertificate(publicKey: forge.pki.rsa.PublicKey, options: CertificateOptions): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // Positive serial: a leading 0x00..0x7f byte keeps the DER integer positive.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = options.notBefore ?? daysFromNow(-1);
  cert.validity.notAfter = options.notAfter ?? daysFromNow(365);
  return cert;
}

function finish(cert: forge.pki.Certificate, key: forge.pki.rsa.PrivateKey): KeyAndCert {
  return { cert, key, certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(key) };
}

/** A self-signed CA that can sign leaves with `createLeaf`. */
export function createCa(options: CertificateOptions = {}): KeyAndCert {
  const { privateKey, publicKey } = newKeyPair();
  const cert = baseCertificate(publicKey, options);
  const subject = [{ name: 'commonName', value: options.commonName ?? 'Backstop Test CA' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(privateKey, forge.md.sha256.create());
  return finish(cert, privateKey);
}

function altNames(hosts: string[]) {
  return hosts.map((host) => (isIP(host) ? { type: 7, ip: host } : { type: 2, value: host }));
}

/**
 * A server certificate for `hosts`, signed by `ca`, or self-signed when `ca`
 * is null (a certificate no client trusts).
 */
export function createLeaf(ca: KeyAndCert | null, options: LeafOptions = {}): KeyAndCert {
  const hosts = options.hosts ?? ['localhost', '127.0.0.1'];
  const { privateKey, publicKey } = newKeyPair();
  const cert = baseCertificate(publicKey, options);
  cert.setSubject([{ name: 'commonName', value: options.commonName ?? hosts[0] ?? 'localhost' }]);
  cert.setIssuer(ca ? ca.cert.subject.attributes : cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: altNames(hosts) },
  ]);
  cert.sign(ca ? ca.key : privateKey, forge.md.sha256.create());
  return finish(cert, privateKey);
}
