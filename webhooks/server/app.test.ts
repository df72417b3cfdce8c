import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Registry } from 'prom-client';

import type { AdmissionReviewResponse } from '../admission/review.ts';
import { capturingLogger, getText, postJson, postText } from '../testing/https-client.ts';
import { generateCertificateBundle } from '../tls/generate.ts';
import type { CertificateBundle } from '../tls/generate.ts';
import { createMetrics } from '../../src/telemetry/metrics.ts';
import { createAdmissionApp, maxBodyBytes } from './app.ts';
import type { HttpsListener } from './https-server.ts';
import { listenHttps } from './https-server.ts';

const uid = '8a5d3f1c-0000-4000-8000-00000000beef';
const review = (request: Record<string, unknown> = {}) => ({
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  request: {
    uid,
    kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
    operation: 'CREATE',
    namespace: 'team-a',
    name: 'web',
    object: {},
    ...request,
  },
});

describe('admission app over HTTPS', () => {
  let bundle: CertificateBundle;
  let listener: HttpsListener;
  const { logger, lines } = capturingLogger();
  const metrics = createMetrics(new Registry());
  const url = (path: string) => `https://127.0.0.1:${listener.port}${path}`;

  before(async () => {
    bundle = await generateCertificateBundle(['127.0.0.1']);
    const app = createAdmissionApp(
      [
        {
          name: 'patch',
          path: '/patch',
          onError: 'deny',
          handler: () => ({
            allowed: true,
            patch: [{ op: 'add', path: '/spec/replicas', value: 0 }],
          }),
        },
        {
          name: 'deny',
          path: '/deny',
          onError: 'deny',
          handler: () => ({ allowed: false, code: 422, reason: 'Invalid', message: 'no' }),
        },
        {
          name: 'broken-open',
          path: '/broken-open',
          onError: 'admit',
          handler: () => Promise.reject(new Error('boom')),
        },
        {
          name: 'broken-closed',
          path: '/broken-closed',
          onError: 'deny',
          handler: () => Promise.reject(new Error('boom')),
        },
      ],
      logger,
      metrics,
    );
    listener = await listenHttps(app, bundle, { host: '127.0.0.1', port: 0 });
  });

  after(() => listener.close());

  it('echoes the request uid with a base64 JSON Patch', async () => {
    const { status, body } = await postJson(url('/patch'), review(), bundle.caCert);
    const response = (body as AdmissionReviewResponse).response;

    assert.equal(status, 200);
    assert.equal(response.uid, uid);
    assert.equal(response.allowed, true);
    assert.equal(response.patchType, 'JSONPatch');
  });

  it('logs each changing answer once with a correlation id', async () => {
    await postJson(url('/deny'), review({ uid: 'log-me' }), bundle.caCert);
    const line = lines.find((candidate) => candidate.uid === 'log-me');

    assert.equal(line?.msg, 'denied');
    assert.match(String(line?.correlationId), /^[0-9a-f-]{36}$/);
    assert.equal(line?.namespace, 'team-a');
  });

  it('A2 admits unchanged when a fail-open handler throws', async () => {
    const { body } = await postJson(url('/broken-open'), review(), bundle.caCert);

    assert.deepEqual((body as AdmissionReviewResponse).response, { uid, allowed: true });
  });

  it('A1 denies with the correlation id when a fail-closed handler throws', async () => {
    const { body } = await postJson(url('/broken-closed'), review(), bundle.caCert);
    const response = (body as AdmissionReviewResponse).response;

    assert.equal(response.allowed, false);
    assert.equal(response.status?.code, 500);
    assert.match(response.status?.message ?? '', /correlation id [0-9a-f-]{36}/);
  });

  it('answers 400 to a body that is not an AdmissionReview', async () => {
    const { status } = await postJson(url('/patch'), { kind: 'Pod' }, bundle.caCert);

    assert.equal(status, 400);
  });

  it('answers 400 to a body that is not JSON and 415 to another content type', async () => {
    const broken = await postText(
      url('/patch'),
      '{"apiVersion":',
      'application/json',
      bundle.caCert,
    );
    const yaml = await postText(
      url('/patch'),
      'kind: AdmissionReview',
      'application/yaml',
      bundle.caCert,
    );

    assert.equal(broken.status, 400);
    assert.equal(yaml.status, 415);
  });

  it('accepts a review of a few MB and refuses one over the limit with 413', async () => {
    const padding = (bytes: number) => ({ object: { data: 'x'.repeat(bytes) } });
    const large = await postJson(url('/patch'), review(padding(3 * 1024 * 1024)), bundle.caCert);
    const tooLarge = await postJson(url('/patch'), review(padding(maxBodyBytes)), bundle.caCert);

    assert.equal(large.status, 200);
    assert.equal(tooLarge.status, 413);
  });

  it('counts every answer by webhook, operation and result, and times it', async () => {
    const count = async (webhook: string, result: string) =>
      (await metrics.webhookRequests.get()).values.find(
        (sample) =>
          sample.labels.webhook === webhook &&
          sample.labels.operation === 'UPDATE' &&
          sample.labels.result === result,
      )?.value ?? 0;
    const timed = async (webhook: string) =>
      (await metrics.webhookDuration.get()).values.find(
        (sample) =>
          sample.metricName === 'nsscaler_webhook_duration_seconds_count' &&
          sample.labels.webhook === webhook,
      )?.value ?? 0;
    const before = {
      mutated: await count('patch', 'mutated'),
      denied: await count('deny', 'denied'),
      open: await count('broken-open', 'error'),
      closed: await count('broken-closed', 'error'),
      timed: await timed('patch'),
    };

    const update = review({ operation: 'UPDATE' });
    await postJson(url('/patch'), update, bundle.caCert);
    await postJson(url('/patch'), update, bundle.caCert);
    await postJson(url('/deny'), update, bundle.caCert);
    await postJson(url('/broken-open'), update, bundle.caCert);
    await postJson(url('/broken-closed'), update, bundle.caCert);

    assert.equal(await count('patch', 'mutated'), before.mutated + 2);
    assert.equal(await count('deny', 'denied'), before.denied + 1);
    assert.equal(await count('broken-open', 'error'), before.open + 1);
    assert.equal(await count('broken-closed', 'error'), before.closed + 1);
    assert.equal(await timed('patch'), before.timed + 2);
  });

  it('counts refused requests: not a review, not JSON, too large, other content type', async () => {
    const count = async (result: string) =>
      (await metrics.webhookRequests.get()).values.find(
        (sample) =>
          sample.labels.webhook === 'patch' &&
          sample.labels.operation === 'unknown' &&
          sample.labels.result === result,
      )?.value ?? 0;
    const before = {
      malformed: await count('malformed'),
      tooLarge: await count('too-large'),
      unsupported: await count('unsupported-media-type'),
    };

    await postJson(url('/patch'), { kind: 'Pod' }, bundle.caCert);
    await postText(url('/patch'), '{"apiVersion":', 'application/json', bundle.caCert);
    const huge = { object: { data: 'x'.repeat(maxBodyBytes) } };
    await postJson(url('/patch'), review(huge), bundle.caCert);
    await postText(url('/patch'), 'kind: AdmissionReview', 'application/yaml', bundle.caCert);

    assert.equal(await count('malformed'), before.malformed + 2);
    assert.equal(await count('too-large'), before.tooLarge + 1);
    assert.equal(await count('unsupported-media-type'), before.unsupported + 1);
  });

  it('serves GET /healthz', async () => {
    assert.deepEqual(await getText(url('/healthz'), bundle.caCert), { status: 200, body: 'ok' });
  });
});
