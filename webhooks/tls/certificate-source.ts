import type { Logger } from 'pino';

import type { KubeClient } from '../../src/k8s/client.ts';
import type { CertificateMode } from '../config.ts';
import { patchCaBundles } from './ca-bundle.ts';
import { ensureCertificateSecret } from './certificate-secret.ts';
import type { ServingCertificate } from './certificate-files.ts';
import { readCertificateFiles, watchCertificateFiles } from './certificate-files.ts';

/** The serving certificate to start with, and how to learn about the next one. */
export interface CertificateSource {
  readonly initial: ServingCertificate;
  watch(onChange: (certificate: ServingCertificate) => void): void;
  close(): void;
}

export interface CertificateSourceDeps {
  client: KubeClient;
  namespace: string;
  /** Name of nsscaler's own webhook configurations, whose caBundle self-signed mode sets. */
  configurationName: string;
  logger: Logger;
  /** How often self-signed mode re-checks the Secret and the caBundles. */
  refreshMs?: number;
}

/**
 * Opens the configured certificate source: files (cert-manager), reloaded when they change; or
 * self-managed, where the CA and serving certificate live in a Secret in nsscaler's namespace and
 * the CA goes into the caBundle of nsscaler's own webhook configurations. Self-managed mode checks
 * again every hour, so a certificate renewed by another replica, a serving certificate close to
 * expiry, or a reinstalled configuration without caBundle are all picked up.
 */
export async function openCertificateSource(
  mode: CertificateMode,
  deps: CertificateSourceDeps,
): Promise<CertificateSource> {
  if (mode.kind === 'files') {
    const initial = await readCertificateFiles(mode.dir);
    let watcher: { close(): void } | undefined;
    return {
      initial,
      watch: (onChange) => {
        watcher = watchCertificateFiles(mode.dir, initial, onChange, deps.logger);
      },
      close: () => watcher?.close(),
    };
  }

  const secretOptions = {
    namespace: deps.namespace,
    secretName: mode.secretName,
    hosts: mode.hosts,
  };
  const bundle = await ensureCertificateSecret(deps.client, secretOptions, deps.logger);
  await patchCaBundles(deps.client, deps.configurationName, bundle.caCert, deps.logger);
  let served = bundle;
  let timer: NodeJS.Timeout | undefined;
  return {
    initial: { cert: bundle.cert, key: bundle.key },
    watch: (onChange) => {
      timer = setInterval(() => {
        void (async () => {
          const next = await ensureCertificateSecret(deps.client, secretOptions, deps.logger);
          await patchCaBundles(deps.client, deps.configurationName, next.caCert, deps.logger);
          if (next.cert === served.cert && next.key === served.key) return;
          served = next;
          deps.logger.info('serving a renewed certificate');
          onChange({ cert: next.cert, key: next.key });
        })().catch((err: unknown) =>
          deps.logger.warn(
            { err },
            'refreshing the self-managed certificate failed; retrying later',
          ),
        );
      }, deps.refreshMs ?? 3600_000);
      timer.unref();
    },
    close: () => clearInterval(timer),
  };
}
