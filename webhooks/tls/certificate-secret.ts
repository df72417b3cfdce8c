import type { Logger } from 'pino';

import type { KubeClient } from '../../src/k8s/client.ts';
import { isAlreadyExists, isConflict, isNotFound } from '../../src/k8s/errors.ts';
import { resources } from '../../src/k8s/resources.ts';
import { checkBundle } from './check-bundle.ts';
import type { CertificateBundle } from './generate.ts';
import { generateCertificateBundle, generateServingCertificate } from './generate.ts';

interface SecretObject {
  metadata: {
    name: string;
    namespace: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
  };
  type?: string;
  data?: Record<string, string>;
}

export interface CertificateSecretOptions {
  namespace: string;
  secretName: string;
  hosts: readonly string[];
}

const keys = { caCert: 'ca.crt', caKey: 'ca.key', cert: 'tls.crt', key: 'tls.key' } as const;
const maxAttempts = 5;

/**
 * The self-managed serving certificate: the one stored in the Secret when it is still good
 * (see checkBundle), else a new one, stored before it is used. The CA is kept when only the
 * serving certificate needs replacing, so the caBundle of the webhook configurations stays
 * valid. Replicas that start together race on create/update; the loser reads the winner's.
 */
export async function ensureCertificateSecret(
  client: KubeClient,
  options: CertificateSecretOptions,
  logger: Logger,
  now = () => new Date(),
): Promise<CertificateBundle> {
  const { namespace, secretName, hosts } = options;
  for (let attempt = 1; ; attempt += 1) {
    const secret = await readSecret(client, namespace, secretName);
    const stored = secret ? decodeBundle(secret) : undefined;
    const problem = stored ? checkBundle(stored, hosts, now()) : 'there is none';
    if (stored && problem === undefined) return stored;

    const keepCa = stored !== undefined && canKeepCa(stored, now());
    const bundle = keepCa
      ? await generateServingCertificate(stored, hosts, now())
      : await generateCertificateBundle(hosts, now());
    logger.info(
      { secret: `${namespace}/${secretName}`, why: problem, newCa: !keepCa },
      'storing a new serving certificate',
    );
    const body = encodeSecret(namespace, secretName, bundle, secret?.metadata.resourceVersion);
    try {
      if (secret) await client.replace(resources.secret, namespace, secretName, body);
      else await client.create(resources.secret, namespace, body);
      return bundle;
    } catch (err) {
      // Another replica wrote first: read what it stored.
      if ((isConflict(err) || isAlreadyExists(err)) && attempt < maxAttempts) continue;
      throw err;
    }
  }
}

async function readSecret(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<SecretObject | undefined> {
  try {
    return await client.get<SecretObject>(resources.secret, namespace, name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

function decodeBundle(secret: SecretObject): CertificateBundle | undefined {
  const data = secret.data ?? {};
  const read = (key: string) =>
    data[key] === undefined ? undefined : Buffer.from(data[key], 'base64').toString('utf8');
  const bundle = {
    caCert: read(keys.caCert),
    caKey: read(keys.caKey),
    cert: read(keys.cert),
    key: read(keys.key),
  };
  const complete = Object.values(bundle).every((value) => value !== undefined);
  return complete ? (bundle as CertificateBundle) : undefined;
}

/** The stored CA can sign a new serving certificate: it is sound and far from expiring. */
function canKeepCa(stored: CertificateBundle, now: Date): boolean {
  const problem = checkBundle({ ...stored, cert: stored.caCert, key: stored.caKey }, [], now);
  return problem === undefined;
}

function encodeSecret(
  namespace: string,
  name: string,
  bundle: CertificateBundle,
  resourceVersion: string | undefined,
): SecretObject & { apiVersion: string; kind: string } {
  const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      namespace,
      labels: { 'app.kubernetes.io/name': 'nsscaler' },
      ...(resourceVersion ? { resourceVersion } : {}),
    },
    type: 'kubernetes.io/tls',
    data: {
      [keys.caCert]: encode(bundle.caCert),
      [keys.caKey]: encode(bundle.caKey),
      [keys.cert]: encode(bundle.cert),
      [keys.key]: encode(bundle.key),
    },
  };
}
