import { X509Certificate, createPrivateKey } from 'node:crypto';
import { isIP } from 'node:net';

import type { CertificateBundle } from './generate.ts';

/** Serving certificates are replaced this long before they expire. */
export const renewBeforeMs = 30 * 24 * 3600 * 1000;

/**
 * Why a stored bundle cannot be served as it is, or undefined when it can: every part parses,
 * the keys belong to their certificates, the CA signed the serving certificate, the serving
 * certificate names every host, and neither expires within the renewal window.
 */
export function checkBundle(
  bundle: CertificateBundle,
  hosts: readonly string[],
  now = new Date(),
): string | undefined {
  let ca: X509Certificate;
  let serving: X509Certificate;
  try {
    ca = new X509Certificate(bundle.caCert);
    serving = new X509Certificate(bundle.cert);
    if (!ca.checkPrivateKey(createPrivateKey(bundle.caKey))) return 'the CA key does not match';
    if (!serving.checkPrivateKey(createPrivateKey(bundle.key))) return 'the key does not match';
  } catch (err) {
    return `unreadable: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (!ca.ca) return 'the CA certificate is not a CA';
  if (!serving.verify(ca.publicKey)) return 'the CA did not sign the serving certificate';

  const deadline = now.getTime() + renewBeforeMs;
  if (Date.parse(ca.validTo) <= deadline) return 'the CA expires soon';
  if (Date.parse(serving.validTo) <= deadline) return 'the serving certificate expires soon';
  const missing = hosts.filter((host) =>
    isIP(host) ? serving.checkIP(host) === undefined : serving.checkHost(host) === undefined,
  );
  if (missing.length > 0) return `the serving certificate does not name ${missing.join(', ')}`;
  return undefined;
}
