import type { Logger } from 'pino';

import { systemNamespaces } from '../src/controller/ownership.ts';
import type { KubeClient } from '../src/k8s/client.ts';
import type { ClusterView } from './cluster-view.ts';
import type { WebhookConfig } from './config.ts';
import { controllerUsername, webhookPaths } from './paths.ts';
import { defaultPolicy } from './policies/default-policy.ts';
import { apiSecretChecker } from './policies/secret-checker.ts';
import { validatePolicy } from './policies/validate-policy.ts';
import type { AdmissionMetrics, AdmissionRoute } from './server/app.ts';
import { createAdmissionApp } from './server/app.ts';
import { listenHttps } from './server/https-server.ts';
import { openCertificateSource } from './tls/certificate-source.ts';
import { workloadAdmissionHandler } from './workloads/mutate-workload.ts';
import { NamespaceSleepLookup } from './workloads/namespace-sleep.ts';

export interface AdmissionServerDeps {
  config: WebhookConfig;
  /** nsscaler's own namespace (NSSCALER_NAMESPACE). */
  namespace: string;
  defaultTimeZone?: string | undefined;
  client: KubeClient;
  /** The controller's informers; they must have synced before the server starts. */
  view: ClusterView;
  logger: Logger;
  metrics?: AdmissionMetrics | undefined;
  now?: () => Date;
}

export interface AdmissionServer {
  readonly port: number;
  close(): Promise<void>;
}

/** The three webhooks, wired to the cluster view. */
export function admissionRoutes(deps: Omit<AdmissionServerDeps, 'config'>): AdmissionRoute[] {
  const now = deps.now ?? (() => new Date());
  const protectedNamespaces = new Set([...systemNamespaces, deps.namespace]);
  const sleep = new NamespaceSleepLookup(deps.view, {
    protectedNamespaces,
    defaultTimeZone: deps.defaultTimeZone,
    now,
  });
  const checkSecret = apiSecretChecker(deps.client, deps.logger);
  return [
    {
      name: 'validate-policies',
      path: webhookPaths.validatePolicies,
      onError: 'deny',
      handler: (request) =>
        validatePolicy(request, {
          view: deps.view,
          controllerNamespace: deps.namespace,
          protectedNamespaces,
          checkSecret,
          now,
        }),
    },
    {
      name: 'default-policies',
      path: webhookPaths.defaultPolicies,
      onError: 'deny',
      handler: defaultPolicy,
    },
    {
      name: 'mutate-workloads',
      path: webhookPaths.mutateWorkloads,
      onError: 'admit',
      handler: workloadAdmissionHandler({
        sleep,
        controllerUsername: controllerUsername(deps.namespace),
      }),
    },
  ];
}

/**
 * Starts the admission server of `nsscaler run`: the serving certificate (files or self-managed),
 * the express app over HTTPS, and certificate reloads. Every replica serves, leader or not.
 * Resolves to undefined when the webhooks are not enabled.
 */
export async function startAdmissionServer(
  deps: AdmissionServerDeps,
): Promise<AdmissionServer | undefined> {
  const { config, logger } = deps;
  if (!config.enabled) return undefined;
  const certificates = await openCertificateSource(config.certificates, {
    client: deps.client,
    namespace: deps.namespace,
    configurationName: config.configurationName,
    logger,
  });
  const app = createAdmissionApp(admissionRoutes(deps), logger, deps.metrics);
  const listener = await listenHttps(app, certificates.initial, {
    host: config.bindAddress,
    port: config.port,
  });
  certificates.watch((certificate) => listener.setCertificate(certificate));
  logger.info(
    { address: config.bindAddress, port: listener.port, certificates: config.certificates.kind },
    'admission server listening',
  );

  return {
    port: listener.port,
    async close() {
      certificates.close();
      await listener.close();
      logger.info('admission server stopped');
    },
  };
}
