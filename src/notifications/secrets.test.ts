import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { KubeClient } from '../k8s/client.ts';
import { KubeApiError } from '../k8s/errors.ts';
import { NotificationError } from './errors.ts';
import {
  SecretReadError,
  decodeSecretData,
  kubeSecretReader,
  readChannelSecret,
  requireSecretKey,
} from './secrets.ts';

const ref = { namespace: 'nsscaler-system', name: 'slack' };

function clientAnswering(get: () => Promise<unknown>): KubeClient {
  return { get } as unknown as KubeClient;
}

function apiError(code: number, reason: string): KubeApiError {
  return new KubeApiError(code, reason, reason, { verb: 'get', resource: 'secrets', ...ref });
}

describe('reading notification Secrets', () => {
  it('decodes the base64 values of a Secret', () => {
    const data = { url: Buffer.from('https://hooks.example/T/B/x').toString('base64') };

    assert.deepEqual(decodeSecretData(data), { url: 'https://hooks.example/T/B/x' });
    assert.deepEqual(decodeSecretData(undefined), {});
  });

  it('reads a Secret through the API client and decodes it', async () => {
    const read = kubeSecretReader(
      clientAnswering(() =>
        Promise.resolve({ data: { port: Buffer.from('587').toString('base64') } }),
      ),
    );

    assert.deepEqual(await read('nsscaler-system', 'smtp'), { port: '587' });
  });

  const failures = [
    { code: 404, reason: 'NotFound', retryable: false, problem: 'does not exist' },
    {
      code: 403,
      reason: 'Forbidden',
      retryable: false,
      problem: 'may not be read by nsscaler (see its RBAC Role)',
    },
    { code: 503, reason: 'ServiceUnavailable', retryable: true, problem: 'cannot be read now' },
  ];
  for (const { code, reason, retryable, problem } of failures) {
    it(`an API answer ${code} says the Secret ${problem} (retryable: ${retryable})`, async () => {
      const read = kubeSecretReader(clientAnswering(() => Promise.reject(apiError(code, reason))));

      await assert.rejects(
        read(ref.namespace, ref.name),
        (err: unknown) =>
          err instanceof SecretReadError &&
          err.retryable === retryable &&
          err.message === `Secret nsscaler-system/slack ${problem}`,
      );
    });
  }

  it('a channel turns a missing Secret into SecretUnreadable, which is not retried', async () => {
    const missing = () =>
      Promise.reject(
        new SecretReadError('Secret nsscaler-system/slack does not exist', { retryable: false }),
      );

    await assert.rejects(
      readChannelSecret(missing, ref, 'slack'),
      (err: unknown) =>
        err instanceof NotificationError &&
        err.code === 'SecretUnreadable' &&
        err.channel === 'slack' &&
        !err.retryable,
    );
  });

  it('a channel treats any other failure to read as passing (Unreachable, retried)', async () => {
    const flaky = () => Promise.reject(new Error('socket hang up'));

    await assert.rejects(
      readChannelSecret(flaky, ref, 'email'),
      (err: unknown) =>
        err instanceof NotificationError && err.code === 'Unreachable' && err.retryable,
    );
  });

  it('O5: a missing or empty key is SecretInvalid and names the key', () => {
    const where = { ...ref, channel: 'slack' };

    assert.equal(
      requireSecretKey({ url: ' https://x.example ' }, 'url', where),
      'https://x.example',
    );
    assert.throws(
      () => requireSecretKey({ url: '  ' }, 'url', where),
      (err: unknown) =>
        err instanceof NotificationError &&
        err.code === 'SecretInvalid' &&
        err.message.includes('"url"'),
    );
  });
});
