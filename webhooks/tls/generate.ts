import 'reflect-metadata';

import { randomBytes, webcrypto } from 'node:crypto';
import type { webcrypto as WebCrypto } from 'node:crypto';
import { isIP } from 'node:net';

import * as x509 from '@peculiar/x509';

/** A CA and the serving certificate it signed, all PEM. */
export interface CertificateBundle {
  caCert: string;
  caKey: string;
  cert: string;
  key: string;
}

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const dayMs = 24 * 3600 * 1000;
/** Validity of the CA, and of the serving certificates it signs. */
export const caValidityDays = 3650;
export const servingValidityDays = 365;

type CryptoKey = WebCrypto.CryptoKey;
type CryptoKeyPair = WebCrypto.CryptoKeyPair;

x509.cryptoProvider.set(webcrypto);

async function generateKeys(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

async function importPrivateKey(pem: string): Promise<CryptoKey> {
  return webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(pem), algorithm, true, [
    'sign',
  ]);
}

const serial = () => `01${randomBytes(15).toString('hex')}`;

/** A new self-signed CA (ECDSA P-256) that may sign serving certificates, not other CAs. */
export async function generateCertificateAuthority(
  commonName: string,
  now = new Date(),
): Promise<Pick<CertificateBundle, 'caCert' | 'caKey'>> {
  const keys = await generateKeys();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${commonName}`,
    notBefore: new Date(now.getTime() - 5 * 60_000),
    notAfter: new Date(now.getTime() + caValidityDays * dayMs),
    keys,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { caCert: certificate.toString('pem'), caKey: await privateKeyPem(keys.privateKey) };
}

/** A serving certificate for `hosts` (DNS names and IP addresses), signed by the CA. */
export async function generateServingCertificate(
  ca: Pick<CertificateBundle, 'caCert' | 'caKey'>,
  hosts: readonly string[],
  now = new Date(),
): Promise<CertificateBundle> {
  const caCertificate = new x509.X509Certificate(ca.caCert);
  const keys = await generateKeys();
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${hosts[0] ?? 'nsscaler-webhook'}`,
    issuer: caCertificate.subject,
    notBefore: new Date(now.getTime() - 5 * 60_000),
    notAfter: new Date(now.getTime() + servingValidityDays * dayMs),
    publicKey: keys.publicKey,
    signingKey: await importPrivateKey(ca.caKey),
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        hosts.map((host) => ({ type: isIP(host) ? 'ip' : 'dns', value: host })),
      ),
      await x509.AuthorityKeyIdentifierExtension.create(caCertificate),
    ],
  });
  return { ...ca, cert: certificate.toString('pem'), key: await privateKeyPem(keys.privateKey) };
}

/** A new CA and a serving certificate for `hosts`. */
export async function generateCertificateBundle(
  hosts: readonly string[],
  now = new Date(),
): Promise<CertificateBundle> {
  const ca = await generateCertificateAuthority('nsscaler-webhook-ca', now);
  return generateServingCertificate(ca, hosts, now);
}
