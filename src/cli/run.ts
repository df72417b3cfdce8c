import { KubeConfig } from '@kubernetes/client-node';

import { readControllerConfig } from '../config/env.ts';
import { Controller } from '../controller/manager.ts';
import { KubeClient } from '../k8s/client.ts';
import { TokenBucket } from '../k8s/rate-limiter.ts';
import { verifyTimeZoneDatabase } from '../policy/time-zones.ts';
import { openDynamoDbSnapshotStore } from '../snapshots/dynamodb-store.ts';
import { createLogger } from '../telemetry/logger.ts';
import { createMetrics } from '../telemetry/metrics.ts';
import { startOpsServer } from '../telemetry/ops-server.ts';
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
    const client = new KubeClient(kubeConfig, {
      fieldManager: 'nsscaler',
      writeLimiter: new TokenBucket(config.kubeQps, config.kubeBurst),
      onRequest: ({ verb, resource, code, seconds }) => {
        metrics.kubeRequests.inc({ verb, resource, code: String(code) });
        metrics.kubeRequestDuration.observe({ verb }, seconds);
      },
    });
    const { store, table } = await openDynamoDbSnapshotStore(config.dynamoDb);
    logger.info({ table }, 'snapshot store ready');

    const controller = new Controller(config, client, store, logger, metrics);
    await controller.start();
    const opsServer = await startOpsServer({
      ...config.opsServer,
      registry: metrics.registry,
      beforeScrape: () => controller.collectStateMetrics(),
      logger,
      readiness: [{ name: 'informers', check: () => controller.informersSynced() }],
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
    await controller.stop();
    await new Promise((resolve) => opsServer.close(resolve));
    logger.info('stopped');
    logger.flush();
    return 0;
  },
};
