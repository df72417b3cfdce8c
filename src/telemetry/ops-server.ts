import { createServer } from 'node:http';
import type { Server } from 'node:http';

import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

import { EventLoopLag } from './event-loop-lag.ts';

export interface ReadinessCheck {
  name: string;
  /** True when ready; a thrown error counts as not ready, with its message. */
  check(): boolean | Promise<boolean>;
}

export interface OpsServerOptions {
  port: number;
  host: string;
  registry: Registry;
  readiness: readonly ReadinessCheck[];
  logger: Logger;
  /** Called before each scrape, to refresh gauges computed from state. */
  beforeScrape?: () => void;
  /** /healthz fails while the event loop was held up this long within the last 30 seconds. */
  livenessBoundMs?: number;
  /** How often the event loop's lag is sampled (tests make it short). */
  lagSampleMs?: number;
}

export interface OpsServer {
  readonly port: number;
  /** Stops answering and closes open connections. */
  close(): Promise<void>;
}

/**
 * The operations endpoints: `/metrics` (Prometheus text format), `/healthz` (liveness: the event
 * loop has not been held up beyond a bound lately) and `/readyz` (every readiness check passes;
 * the body names the ones that do not).
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const bound = options.livenessBoundMs ?? 10_000;
  const lag = new EventLoopLag({ intervalMs: options.lagSampleMs ?? 500 }).start();

  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const reply = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      response.writeHead(status, { 'content-type': type });
      response.end(body);
    };
    if (path === '/metrics') {
      options.beforeScrape?.();
      options.registry
        .metrics()
        .then((text) => reply(200, text, options.registry.contentType))
        .catch((err: unknown) => {
          options.logger.error({ err }, 'could not collect metrics');
          reply(500, 'metrics unavailable\n');
        });
    } else if (path === '/healthz') {
      const lagMs = Math.round(lag.maxLagMs());
      if (lagMs > bound) reply(503, `event loop blocked for ${lagMs} ms (bound ${bound} ms)\n`);
      else reply(200, 'ok\n');
    } else if (path === '/readyz') {
      void readiness(options.readiness).then((failing) =>
        failing.length === 0
          ? reply(200, 'ok\n')
          : reply(503, `not ready: ${failing.join(', ')}\n`),
      );
    } else {
      reply(404, 'not found\n');
    }
  });
  server.on('close', () => lag.stop());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: portOf(server),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function portOf(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

async function readiness(checks: readonly ReadinessCheck[]): Promise<string[]> {
  const results = await Promise.all(
    checks.map(async (readinessCheck) => {
      const { name } = readinessCheck;
      try {
        return (await readinessCheck.check()) ? undefined : name;
      } catch (err) {
        return `${name} (${err instanceof Error ? err.message : String(err)})`;
      }
    }),
  );
  return results.filter((name): name is string => name !== undefined);
}
