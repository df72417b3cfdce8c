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
import type { ResilientSnapshotStore } from '../snapshots/resilient-store.ts';
import { createLogger } from '../telemetry/logger.ts';
import { dependencyHealth } from './dependencies.ts';
import { Shutdown } from './shutdown.ts';
import { reportBreakerMetrics } from '../telemetry/breaker-metrics.ts';
import { createMetrics } from '../telemetry/metrics.ts';
import { OpenBreakers } from '../telemetry/open-breakers.ts';
import { startOpsServer } from '../telemetry/ops-server.ts';
import { observeSnapshotStore } from '../telemetry/store-metrics.ts';
import { startAdmissionServer } from '../../webhooks/admission-server.ts';
import { viewOfInformers } from '../../webhooks/cluster-view.ts';
import { readWebhookConfig } from '../../webhooks/config.ts';
import { reportConfigurationProblems } from './configuration-problems.ts';
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

    // Every bad variable, the controller's and the webhooks', in one message (O5).
    const read = readControllerConfig();
    const namespace = read.ok ? read.config.namespace : undefined;
    const webhookConfig = readWebhookConfig(process.env, namespace);
    if (!read.ok || !webhookConfig.ok) {
      return reportConfigurationProblems('run', [
        ...(read.ok ? [] : read.problems),
        ...(webhookConfig.ok ? [] : webhookConfig.problems),
      ]);
    }
    const { config } = read;
    const logger = createLogger(config.logLevel);
    // First, so that a SIGTERM during start-up begins the shutdown instead of killing the process.
    const shutdown = new Shutdown(logger).install();

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

    // Served from the start: liveness while starting, and not ready until everything is up.
    const started: {
      controller?: Controller;
      store?: ResilientSnapshotStore;
      storeMetrics?: ReturnType<typeof observeSnapshotStore>;
    } = {};
    let certificateLoaded = !webhookConfig.config.enabled;
    const opsServer = await startOpsServer({
      ...config.opsServer,
      registry: metrics.registry,
      beforeScrape: () => {
        started.controller?.collectStateMetrics();
        started.storeMetrics?.refresh();
      },
      logger,
      readiness: [
        { name: 'shutdown in progress', check: () => !shutdown.begun },
        { name: 'informers', check: () => started.controller?.informersSynced() ?? false },
        { name: 'webhook certificate', check: () => certificateLoaded },
        {
          name: 'snapshot store or journal',
          check: () => started.store?.health.writable() ?? false,
        },
      ],
    });
    shutdown.onStop('operations server', () => opsServer.close());
    shutdown.onStop('API write breaker', () => writeBreaker.shutdown());

    // DynamoDB behind a circuit breaker, with a local journal while it is unavailable (O3).
    const resilientStore = await openResilientSnapshotStore(config.dynamoDb, { logger });
    started.store = resilientStore;
    shutdown.onStop('snapshot store', () => resilientStore.close());
    const { degraded } = resilientStore.health.degradation();
    logger.info({ journal: config.dynamoDb.journalPath, degraded }, 'snapshot store ready');
    started.storeMetrics = observeSnapshotStore(metrics, resilientStore.health);

    const openBreakers = new OpenBreakers();
    const dependencies = dependencyHealth(resilientStore, writeBreaker, openBreakers, logger);
    const running = new Controller(config, client, resilientStore, logger, metrics, () =>
      dependencies.summary(),
    );
    started.controller = running;
    dependencies.onChange(() => running.refreshPolicies());
    // The check after a wake (one breaker per Prometheus server) and the notifications (O1, O4);
    // registered before the controller, so they stop after it.
    const { breakers } = config;
    const prometheus = new PrometheusHealthCheck({
      settings: breakers.prometheus,
      openBreakers,
      metrics,
      logger,
    });
    const notifier = new Notifier({
      readSecret: kubeSecretReader(client),
      metrics,
      logger,
      breakerByKind: { slack: breakers.slack, email: breakers.smtp },
      openBreakers,
    });
    shutdown.onStop('Prometheus check', () => prometheus.shutdown());
    shutdown.onStop('notifications', () => notifier.close());
    running.attachServices({ prometheus, notifier });
    // A change DynamoDB refused on replay means the cached snapshot is not the stored one.
    resilientStore.health.events.on('replayed', ({ mutation }, verdict) => {
      if (verdict.outcome !== 'rejected') return;
      running.reloadSnapshot(
        'snapshot' in mutation ? mutation.snapshot.namespace : mutation.namespace,
      );
    });
    // Stops taking work, lets in-flight reconciles finish, releases the Lease, stops watches.
    shutdown.onStop('controller', () => running.stop());
    await shutdown.interrupted(running.start());

    // Admission webhooks (docs/webhooks.md): every replica serves them from its warm informers.
    if (!shutdown.begun) {
      try {
        const admission = await startAdmissionServer({
          config: webhookConfig.config,
          namespace: config.namespace,
          defaultTimeZone: config.defaultTimeZone,
          client,
          view: viewOfInformers(running),
          logger,
          metrics,
        });
        if (admission) shutdown.onStop('admission server', () => admission.close());
        certificateLoaded = true;
      } catch (err) {
        logger.fatal({ err }, 'cannot start the admission server');
        await shutdown.stop(config.shutdownTimeoutSeconds * 1000);
        throw err;
      }
    }
    if (!shutdown.begun) {
      logger.info({ identity: config.identity, metricsPort: opsServer.port }, 'nsscaler started');
    }

    await shutdown.signalled;
    const clean = await shutdown.stop(config.shutdownTimeoutSeconds * 1000);
    logger.info({ operation: 'shutdown', clean }, 'stopped');
    logger.flush();
    if (!clean) process.exit(1);
    return 0;
  },
};
