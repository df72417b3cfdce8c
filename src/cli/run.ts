import { KubeConfig } from '@kubernetes/client-node';

import { readControllerConfig } from '../config/env.ts';
import { Controller } from '../controller/manager.ts';
import { PrometheusHealthCheck } from '../health/prometheus-check.ts';
import { KubeClient } from '../k8s/client.ts';
import { Notifier } from '../notifications/notifier.ts';
import { kubeSecretReader } from '../notifications/secrets.ts';
import { TokenBucket } from '../k8s/rate-limiter.ts';
import { KubeWriteBreaker } from '../k8s/write-breaker.ts';
import { verifyTimeZoneDatabase } from '../policy/time-zones.ts';
import { openResilientSnapshotStore } from '../snapshots/open-resilient-store.ts';
import { createLogger } from '../telemetry/logger.ts';
import { reportBreakerMetrics } from '../telemetry/breaker-metrics.ts';
import { createMetrics } from '../telemetry/metrics.ts';
import { startOpsServer } from '../telemetry/ops-server.ts';
import { observeSnapshotStore } from '../telemetry/store-metrics.ts';
import { startAdmissionServer } from '../../webhooks/admission-server.ts';
import { viewOfInformers } from '../../webhooks/cluster-view.ts';
import { readWebhookConfig } from '../../webhooks/config.ts';
import type { Command } from './help.ts';

const usage = `Usage: nsscaler run

Runs the controller until SIGTERM or SIGINT. Configured by environment variables (see
docs/configuration.md); KUBECONFIG selects the cluster, else the in-cluster service account.
`;

export const runCommand: Command = {
  name: 'run',
  summary: 'Run the controller',
  async run(args) {
    if (args.includes('--help') || args.includes('-h')) {
      process.stdout.write(usage);
      return 0;
    }

    const read = readControllerConfig();
    if (!read.ok) {
      process.stderr.write(
        `nsscaler run: invalid configuration:\n${read.problems.map((p) => `  - ${p}`).join('\n')}\n`,
      );
      return 1;
    }
    const { config } = read;
    const webhookConfig = readWebhookConfig(process.env, config.namespace);
    if (!webhookConfig.ok) {
      process.stderr.write(
        `nsscaler run: invalid webhook configuration:\n${webhookConfig.problems.map((p) => `  - ${p}`).join('\n')}\n`,
      );
      return 1;
    }
    const logger = createLogger(config.logLevel);

    const unresolved = verifyTimeZoneDatabase();
    if (unresolved.length > 0) {
      logger.fatal({ zones: unresolved }, 'the time zone database cannot resolve required zones');
      process.stderr.write(
        `nsscaler run: this Node.js cannot resolve the time zones ${unresolved.join(', ')}; ` +
          'it needs full ICU time zone data\n',
      );
      return 1;
    }

    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromDefault();
    const metrics = createMetrics();
    const writeBreaker = new KubeWriteBreaker(config.kubeWriteBreaker);
    reportBreakerMetrics(writeBreaker.events, writeBreaker.name, metrics);
    const client = new KubeClient(kubeConfig, {
      fieldManager: 'nsscaler',
      writeLimiter: new TokenBucket(config.kubeQps, config.kubeBurst),
      writeBreaker,
      onRequest: ({ verb, resource, code, seconds }) => {
        metrics.kubeRequests.inc({ verb, resource, code: String(code) });
        metrics.kubeRequestDuration.observe({ verb }, seconds);
      },
    });
    // DynamoDB behind a circuit breaker, with a local journal while it is unavailable (O3).
    const store = await openResilientSnapshotStore(config.dynamoDb, { logger });
    const { degraded } = store.health.degradation();
    logger.info({ journal: config.dynamoDb.journalPath, degraded }, 'snapshot store ready');

    const storeMetrics = observeSnapshotStore(metrics, store.health);
    // The check after a wake (one breaker per Prometheus server) and the notifications (O1, O4).
    const { breakers } = config;
    const prometheus = new PrometheusHealthCheck({
      settings: breakers.prometheus,
      metrics,
      logger,
    });
    const notifier = new Notifier({
      readSecret: kubeSecretReader(client),
      metrics,
      logger,
      breakerByKind: { slack: breakers.slack, email: breakers.smtp },
    });
    const controller = new Controller(config, client, store, logger, metrics, () => {
      if (writeBreaker.state() === 'open') {
        return {
          dependency: 'KubeAPIServer',
          message:
            'writes to workloads keep failing; their circuit breaker is open and scaling waits',
        };
      }
      const degradation = store.health.degradation();
      return degradation.degraded ? degradation : undefined;
    });
    controller.attachServices({ prometheus, notifier });
    store.health.events.on('degradation', () => controller.refreshPolicies());
    for (const event of ['open', 'close']) {
      writeBreaker.events.on(event, () => {
        logger.warn({ breaker: writeBreaker.name, state: event }, 'API write breaker changed');
        controller.refreshPolicies();
      });
    }
    // A journaled change DynamoDB refused on replay means the cached snapshot is not the stored one.
    store.health.events.on('replayed', ({ mutation }, verdict) => {
      if (verdict.outcome !== 'rejected') return;
      controller.reloadSnapshot(
        'snapshot' in mutation ? mutation.snapshot.namespace : mutation.namespace,
      );
    });
    await controller.start();
    // Admission webhooks (docs/webhooks.md): every replica serves them from its warm informers.
    const admission = await startAdmissionServer({
      config: webhookConfig.config,
      namespace: config.namespace,
      defaultTimeZone: config.defaultTimeZone,
      client,
      view: viewOfInformers(controller),
      logger,
      metrics,
    }).catch(async (err: unknown) => {
      logger.fatal({ err }, 'cannot start the admission server');
      await controller.stop();
      throw err;
    });
    const opsServer = await startOpsServer({
      ...config.opsServer,
      registry: metrics.registry,
      beforeScrape: () => {
        controller.collectStateMetrics();
        storeMetrics.refresh();
      },
      logger,
      readiness: [
        { name: 'informers', check: () => controller.informersSynced() },
        { name: 'snapshot store or journal', check: () => store.health.writable() },
      ],
    });
    const address = opsServer.address();
    const metricsPort = typeof address === 'object' && address ? address.port : undefined;
    logger.info({ identity: config.identity, metricsPort }, 'nsscaler started');

    await new Promise<void>((resolve) => {
      const shutdown = (signal: string) => {
        logger.info({ signal }, 'shutting down');
        resolve();
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    });
    await admission?.close();
    await controller.stop();
    await notifier.close();
    prometheus.shutdown();
    writeBreaker.shutdown();
    await new Promise((resolve) => opsServer.close(resolve));
    logger.info('stopped');
    logger.flush();
    return 0;
  },
};
