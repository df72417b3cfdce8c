import express from 'express';
import type { ErrorRequestHandler, Express, Request, Response } from 'express';
import type { Logger } from 'pino';

import { newCorrelationId, withOperationContext } from '../../src/telemetry/context.ts';
import type { Metrics } from '../../src/telemetry/metrics.ts';
import type { AdmissionDecision, AdmissionHandler, AdmissionRequest } from '../admission/review.ts';
import {
  MalformedReviewError,
  buildAdmissionResponse,
  readAdmissionRequest,
} from '../admission/review.ts';
import { jsonBody } from './json-body.ts';

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
 * threw; or refused before any review was read: `malformed` (400: not JSON, or not an
 * AdmissionReview), `too-large` (413), `unsupported-media-type` (415), `refused` (any other
 * status). A refused request's `operation` is `unknown`.
 */
export type AdmissionResult =
  | 'allowed'
  | 'mutated'
  | 'denied'
  | 'error'
  | 'malformed'
  | 'too-large'
  | 'unsupported-media-type'
  | 'refused';

const refusedResults: Readonly<Record<number, AdmissionResult>> = {
  400: 'malformed',
  413: 'too-large',
  415: 'unsupported-media-type',
};

function countRefused(metrics: AdmissionMetrics | undefined, webhook: string, status: number) {
  const result = refusedResults[status] ?? 'refused';
  metrics?.webhookRequests.inc({ webhook, operation: 'unknown', result });
}

/** Largest AdmissionReview accepted: an object and its old version, each up to etcd's 1.5 MiB. */
export const maxBodyBytes = 5 * 1024 * 1024;

/**
 * The admission app: one POST route per webhook taking an AdmissionReview (admission.k8s.io/v1)
 * and answering with one carrying the request's uid, and GET /healthz. Each request gets a
 * correlation id that every log line it causes carries; its answer is logged at info when it
 * changes or denies something, at debug otherwise.
 */
export function createAdmissionApp(
  routes: readonly AdmissionRoute[],
  logger: Logger,
  metrics?: AdmissionMetrics,
): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', false);
  // Decision lines carry only fixed, non-secret fields: they skip the logger's redaction, which
  // costs about four times the rest of such a line. Errors keep it.
  const decisions = logger.child({}, { redact: { paths: [] } });

  app.get('/healthz', (_request, response) => {
    response.type('text/plain').send('ok');
  });
  // One exact-path lookup instead of a router layer per webhook: admission is the hot path.
  // TODO(webhooks): the workload route reaches 31-45 % of a bare HTTPS server's throughput at
  // concurrency 32 (target 60 %, p99 target 5 ms; see docs/webhooks.md). express's own request
  // handling is most of the difference; serving this route outside express would close it.
  const byPath = new Map(routes.map((route) => [route.path, route]));
  const readBody = jsonBody(maxBodyBytes);
  app.post(/^\/[a-z/-]+$/, (request, response, next) => {
    const route = byPath.get(request.path);
    if (route === undefined) return next();
    readBody(request, response, (err?: unknown) => {
      if (err) {
        countRefused(metrics, route.name, (err as { status?: number }).status ?? 500);
        return next(err);
      }
      answer(route, request, response, { decisions, logger, metrics }).catch(next);
    });
  });

  const onBadBody: ErrorRequestHandler = (err: unknown, _request, response, _next) => {
    const status = (err as { status?: number }).status ?? 500;
    const message = err instanceof Error ? err.message : 'bad request';
    logger.warn({ err, status }, 'admission request refused');
    response.status(status).json({ message });
  };
  app.use(onBadBody);
  return app;
}

interface AnswerDeps {
  decisions: Logger;
  logger: Logger;
  metrics: AdmissionMetrics | undefined;
}

async function answer(
  route: AdmissionRoute,
  request: Request,
  response: Response,
  { decisions, logger, metrics }: AnswerDeps,
): Promise<void> {
  let review: AdmissionRequest;
  try {
    review = readAdmissionRequest(request.body);
  } catch (err) {
    if (!(err instanceof MalformedReviewError)) throw err;
    logger.warn({ err, path: route.path }, 'not an AdmissionReview');
    countRefused(metrics, route.name, 400);
    response.status(400).json({ message: err.message });
    return;
  }

  const correlationId = newCorrelationId();
  const context = { correlationId, operation: 'admission', namespace: review.namespace };
  await withOperationContext(context, async () => {
    const started = performance.now();
    const { decision, failed } = await decide(route, review, logger, correlationId);
    const answer = JSON.stringify(buildAdmissionResponse(review.uid, decision));
    response.writeHead(200, { 'content-type': 'application/json' }).end(answer);

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
