import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';

import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { KubeConfig } from '@kubernetes/client-node';

import { KubeClient } from '../k8s/client.ts';
import { KubeApiError } from '../k8s/errors.ts';
import { resources } from '../k8s/resources.ts';
import { createLogger } from './logger.ts';

const token = 'sa-token-5f1e2d3c4b';
const secretAccessKey = 'aws-secret-9a8b7c6d';

function capture() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { text: () => chunks.join(''), logger: createLogger('debug', stream) };
}

describe('O4 log redaction of real errors', () => {
  // Answers 500 and, like a careless proxy, quotes the request's credentials back.
  const server = createServer((request, response) => {
    const authorization = request.headers.authorization ?? '';
    response.writeHead(500, {
      'content-type': 'application/json',
      'x-echo-authorization': authorization,
    });
    response.end(
      JSON.stringify({
        kind: 'Status',
        reason: 'InternalError',
        message: `upstream refused Authorization: ${authorization}`,
        __type: 'InternalServerError',
      }),
    );
  });
  let base = '';

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function kubeError(): Promise<KubeApiError> {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'local', server: base, skipTLSVerify: true }],
      users: [{ name: 'sa', token }],
      contexts: [{ name: 'local', cluster: 'local', user: 'sa' }],
      currentContext: 'local',
    });
    const client = new KubeClient(kubeConfig, { fieldManager: 'nsscaler', timeoutMs: 5_000 });
    const failure = await client.get(resources.namespace, undefined, 'team-a').then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.ok(failure instanceof KubeApiError, String(failure));
    assert.equal(failure.code, 500);
    return failure;
  }

  it('keeps a token out of a KubeApiError from a 500 and out of its cause chain', async () => {
    const { text, logger } = capture();
    const apiError = await kubeError();
    // The shape a wrapped request failure takes: headers and a config two causes down.
    const request = { method: 'GET', headers: { Authorization: `Bearer ${token}` } };
    const inner = Object.assign(new Error('socket hang up'), { config: { token }, request });
    const wrapped = new KubeApiError(0, 'NetworkError', 'socket hang up', apiError.target, {
      cause: Object.assign(new Error('retry failed', { cause: inner }), {
        headers: request.headers,
      }),
    });

    logger.error({ err: apiError }, 'reconcile failed');
    logger.error({ err: wrapped }, 'reconcile failed');

    assert.ok(text().includes('InternalError') || text().includes('upstream refused'));
    assert.match(text(), /socket hang up/);
    assert.doesNotMatch(text(), new RegExp(token));
  });

  it('keeps AWS credentials out of an AWS SDK error and its $response', async () => {
    const { text, logger } = capture();
    const client = new DynamoDBClient({
      endpoint: base,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey, sessionToken: token },
      maxAttempts: 1,
    });
    const failure = await client
      .send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } }))
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    client.destroy();
    assert.ok(failure instanceof Error);
    assert.ok('$response' in failure, 'the SDK attaches the raw response');

    logger.error({ err: failure }, 'snapshot write failed');

    assert.match(text(), /"httpStatusCode":500/);
    assert.match(
      text(),
      /upstream refused Authorization: AWS4-HMAC-SHA256 Credential=\[redacted\]/,
    );
    assert.doesNotMatch(text(), new RegExp(`${token}|${secretAccessKey}|Signature=[0-9a-f]`));
  });
});
