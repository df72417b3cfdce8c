import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

import express from 'express';
import type { Logger } from 'pino';

import { newCorrelationId, withOperationContext } from '../../src/telemetry/context.ts';
import type { Metrics } from '../../src/telemetry/metrics.ts';
import type { AdmissionDecision, AdmissionHandler, AdmissionRequest } from '../admission/review.ts';
import {
  MalformedReviewError,
  buildAdmissionResponse,
  readAdmissionRequest,
} from '../admission/review.ts';
import { readJsonBody } from './json-body.ts';

/** One webhook path and how it fails when its handler throws. */
export interface AdmissionRoute {
  /** The `webhook` label of the route's metrics. */
  name: string;
  path: string;
  handler: AdmissionHandler;
  /**
   * Fail open (admit unchanged) or closed (deny) when the handler throws, matching the webhook's
   * failurePolicy: Ignore for workloads (A2), Fail for policies (A1).
   */
  onError: 'admit' | 'deny';
}

export type AdmissionMetrics = Pick<Metrics, 'webhookRequests' | 'webhookDuration'>;

/**
 * How an admission request ended, the `result` label of `webhook_requests_total`: allowed as it
 * was, allowed with a patch, denied, or answered by the route's failure rule after its handler
 * threw.
 */
export type AdmissionResult = 'allowed' | 'mutated' | 'denied' | 'error';

/** Largest AdmissionReview accepted: an object and its old version, each up to etcd's 1.5 MiB. */
export const maxBodyBytes = 5 * 1024 * 1024;

/**
 * The admission server's request listener: one POST route per webhook taking an AdmissionReview
 * (admission.k8s.io/v1) and answering with one carrying the request's uid, and an express app for
 * everything else (GET /healthz, 404s). Each admission request gets a correlation id that every
 * log line it causes carries; its answer is logged at info when it changes or denies something,
 * at debug otherwise.
 *
 * The webhook routes are served straight from node:http, ahead of express: express's request and
 * response wrappers cost more than everything nsscaler does for a request (bench/webhook.ts).
 *
 * TODO(webhooks): at concurrency 32 on the 2-core development machine the workload route reaches
 * about 43 % of a bare HTTPS server's throughput and a p99 of 15-25 ms (targets 60 % and 5 ms; see
 * docs/webhooks.md). The load generator shares the cores, so neither target can be shown there;
 * a run on a machine with spare cores is needed to tell what is left.
 */
export function createAdmissionApp(
  routes: readonly AdmissionRoute[],
  logger: Logger,
  metrics?: AdmissionMetrics,
): RequestListener {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', false);
  app.get('/healthz', (_request, response) => {
    response.type('text/plain').send('ok');
  });

  // Decision lines carry only fixed, non-secret fields: they skip the logger's redaction, which
  // costs about four times the rest of such a line. Errors keep it.
  const deps: AnswerDeps = {
    decisions: logger.child({}, { redact: { paths: [] } }),
    logger,
    metrics,
  };
  const byPath = new Map(routes.map((route) => [route.path, route]));

  return (request, response) => {
    const route = request.method === 'POST' ? byPath.get(pathOf(request.url)) : undefined;
    if (route === undefined) return void app(request, response);

    readJsonBody(request, maxBodyBytes, (err, body) => {
      if (err !== undefined) return refuse(err, response, logger);
      answer(route, body, response, deps).catch((failure: unknown) =>
        refuse(failure as Error, response, logger),
      );
    });
  };
}

/** The path of a request URL; the API server adds `?timeout=...`. */
function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function sendJson(response: ServerResponse, status: number, text: string): void {
  response
    .writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    })
    .end(text);
}

/** Answers a request that never reached its handler: a bad body, or a failure writing it. */
function refuse(err: Error, response: ServerResponse, logger: Logger): void {
  const status = (err as { status?: number }).status ?? 500;
  logger.warn({ err, status }, 'admission request refused');
  if (!response.headersSent) sendJson(response, status, JSON.stringify({ message: err.message }));
}

interface AnswerDeps {
  decisions: Logger;
  logger: Logger;
  metrics: AdmissionMetrics | undefined;
}

async function answer(
  route: AdmissionRoute,
  body: unknown,
  response: ServerResponse<IncomingMessage>,
  { decisions, logger, metrics }: AnswerDeps,
): Promise<void> {
  let review: AdmissionRequest;
  try {
    review = readAdmissionRequest(body);
  } catch (err) {
    if (!(err instanceof MalformedReviewError)) throw err;
    logger.warn({ err, path: route.path }, 'not an AdmissionReview');
    sendJson(response, 400, JSON.stringify({ message: err.message }));
    return;
  }

  const correlationId = newCorrelationId();
  const context = { correlationId, operation: 'admission', namespace: review.namespace };
  await withOperationContext(context, async () => {
    const started = performance.now();
    const { decision, failed } = await decide(route, review, logger, correlationId);
    sendJson(response, 200, JSON.stringify(buildAdmissionResponse(review.uid, decision)));

    const patched = decision.allowed && (decision.patch?.length ?? 0) > 0;
    const seconds = (performance.now() - started) / 1000;
    if (metrics) {
      const result: AdmissionResult = failed
        ? 'error'
        : !decision.allowed
          ? 'denied'
          : patched
            ? 'mutated'
            : 'allowed';
      metrics.webhookRequests.inc({ webhook: route.name, operation: review.operation, result });
      metrics.webhookDuration.observe({ webhook: route.name }, seconds);
    }
    const changed = !decision.allowed || patched;
    const line = {
      path: route.path,
      uid: review.uid,
      kind: review.kind.kind,
      name: review.name,
      admissionOperation: review.operation,
      dryRun: review.dryRun === true,
      allowed: decision.allowed,
      patched,
      ms: Math.round(seconds * 100_000) / 100,
    };
    if (changed) decisions.info(line, decision.allowed ? 'admitted with changes' : 'denied');
    else decisions.debug(line, 'admitted');
  });
}

async function decide(
  route: AdmissionRoute,
  review: AdmissionRequest,
  logger: Logger,
  correlationId: string,
): Promise<{ decision: AdmissionDecision; failed: boolean }> {
  try {
    return { decision: await route.handler(review), failed: false };
  } catch (err) {
    logger.error({ err, path: route.path, uid: review.uid }, 'admission handler failed');
    if (route.onError === 'admit') return { decision: { allowed: true }, failed: true };
    const message = `nsscaler could not check this object (correlation id ${correlationId}); try again`;
    return {
      decision: { allowed: false, code: 500, reason: 'InternalError', message },
      failed: true,
    };
  }
}
