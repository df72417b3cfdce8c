import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { generateCertificateBundle } from '../../../../webhooks/tls/generate.ts';
import { webhookHost } from '../../support/cluster-env.ts';
import { uniqueName, waitFor } from '../../support/kube.ts';
import type { Nsscaler } from '../../support/nsscaler.ts';
import { startNsscaler } from '../../support/nsscaler.ts';
import type { RunScope } from './registration.ts';

/** A port nothing listens on right now on the webhook host, from the kernel. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, webhookHost, resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/** A fresh test CA and a serving certificate for the webhook host, as tls.crt and tls.key. */
export async function writeTestCertificates(): Promise<{
  dir: string;
  caCert: string;
  remove(): void;
}> {
  const bundle = await generateCertificateBundle([webhookHost]);
  const dir = mkdtempSync(join(tmpdir(), 'nsscaler-webhook-e2e-'));
  writeFileSync(join(dir, 'tls.crt'), bundle.cert);
  writeFileSync(join(dir, 'tls.key'), bundle.key, { mode: 0o600 });
  return {
    dir,
    caCert: bundle.caCert,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The label one test run puts on its namespaces and policies, unique to the run. */
export function runScope(prefix: string): RunScope {
  return { key: 'nsscaler.io/e2e-run', value: uniqueName(prefix) };
}

export interface WebhookEnvironment {
  nsscaler: Nsscaler;
  port: number;
  caCert: string;
  close(): Promise<void>;
}

/**
 * `nsscaler run` with its admission server on the webhook host (127.0.0.1 on the local control
 * plane; certificate files signed by a test CA),
 * started by the e2e harness with the ServiceAccount's permissions. Resolves once it listens.
 */
export async function startWithWebhooks(
  name: string,
  env: Record<string, string> = {},
): Promise<WebhookEnvironment> {
  const certificates = await writeTestCertificates();
  const port = await freePort();
  const nsscaler = await startNsscaler(name, {
    NSSCALER_WEBHOOK_ENABLED: 'true',
    NSSCALER_WEBHOOK_BIND_ADDRESS: webhookHost,
    NSSCALER_WEBHOOK_PORT: String(port),
    NSSCALER_WEBHOOK_CERT_DIR: certificates.dir,
    ...env,
  });
  await waitForListening(nsscaler);
  return {
    nsscaler,
    port,
    caCert: certificates.caCert,
    async close() {
      await nsscaler.close();
      certificates.remove();
    },
  };
}

export async function waitForListening(nsscaler: Nsscaler): Promise<void> {
  await waitFor('the admission server to listen', () =>
    Promise.resolve(
      nsscaler.controller.logged(/admission server listening/).length > 0 ? true : undefined,
    ),
  );
}
