/**
 * One HTTPS server for the webhook benchmark, run as a child process so it has a core of its own:
 * `nsscaler` serves nsscaler's admission app (workload route), `bare` a plain node:https server
 * that reads the body and answers a constant AdmissionReview, and `express` an empty express app
 * that does the same (the floor any express app stands on). Sends `{ port }` to the parent.
 */
import { createServer } from 'node:https';

import express from 'express';
import { open } from 'node:fs/promises';

import type { KubeClient } from '../src/k8s/client.ts';
import { createLogger } from '../src/telemetry/logger.ts';
import { admissionRoutes } from '../webhooks/admission-server.ts';
import { staticView } from '../webhooks/cluster-view.ts';
import { webhookPaths } from '../webhooks/paths.ts';
import { createAdmissionApp } from '../webhooks/server/app.ts';
import { listenHttps } from '../webhooks/server/https-server.ts';
import { benchClusterView } from './webhook-fixture.ts';

const [kind, cert, key] = [process.argv[2], process.env.BENCH_CERT, process.env.BENCH_KEY];
if (!cert || !key || !['nsscaler', 'bare', 'express'].includes(kind ?? '')) {
  throw new Error('usage: BENCH_CERT=... BENCH_KEY=... node bench/webhook-server.ts KIND');
}
const constantAnswer = JSON.stringify({
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  response: { uid: '0b6e2d1c-5a4f-4e1b-9c8d-7f6a5b4c3d2e', allowed: true },
});

let port: number;
if (kind === 'nsscaler') {
  // Production logging: JSON lines at info (each mutation is one), written to /dev/null.
  const devNull = await open('/dev/null', 'w');
  const logger = createLogger('info', devNull.createWriteStream());
  const { policies, namespaces } = benchClusterView();
  const routes = admissionRoutes({
    namespace: 'nsscaler-system',
    client: {} as KubeClient,
    view: staticView(policies, namespaces),
    logger,
  });
  const app = createAdmissionApp(routes, logger);
  port = (await listenHttps(app, { cert, key }, { host: '127.0.0.1', port: 0 })).port;
} else if (kind === 'express') {
  const app = express();
  app.post(webhookPaths.mutateWorkloads, (request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(constantAnswer);
    });
  });
  port = (await listenHttps(app, { cert, key }, { host: '127.0.0.1', port: 0 })).port;
} else {
  const server = createServer({ cert, key, keepAlive: true }, (request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(constantAnswer);
    });
  });
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
}
process.send?.({ port, path: webhookPaths.mutateWorkloads });
