import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';

import { resources } from '../../src/k8s/resources.ts';
import { FakeKube } from '../testing/fake-kube.ts';
import { capturingLogger } from '../testing/https-client.ts';
import { patchCaBundles, webhookConfigurationKinds } from './ca-bundle.ts';
import { checkBundle } from './check-bundle.ts';
import { ensureCertificateSecret } from './certificate-secret.ts';

const hosts = ['nsscaler-webhook.nsscaler-system.svc', '127.0.0.1'];
const options = { namespace: 'nsscaler-system', secretName: 'nsscaler-webhook-tls', hosts };
const { logger } = capturingLogger('silent');

describe('self-managed serving certificate', () => {
  it('generates a CA and serving certificate and stores them in the Secret', async () => {
    const kube = new FakeKube();
    const bundle = await ensureCertificateSecret(kube.asClient(), options, logger);

    assert.equal(checkBundle(bundle, hosts), undefined);
    assert.deepEqual(kube.writes, ['create secrets/nsscaler-webhook-tls']);
    const secret = kube.get<{ type: string; data: Record<string, string> }>(
      resources.secret,
      'nsscaler-system',
      'nsscaler-webhook-tls',
    );
    assert.ok(secret);
    assert.equal(secret.type, 'kubernetes.io/tls');
    assert.deepEqual(Object.keys(secret.data).sort(), ['ca.crt', 'ca.key', 'tls.crt', 'tls.key']);
  });

  it('reuses a stored certificate that is still valid, writing nothing', async () => {
    const kube = new FakeKube();
    const first = await ensureCertificateSecret(kube.asClient(), options, logger);
    const second = await ensureCertificateSecret(kube.asClient(), options, logger);

    assert.deepEqual(second, first);
    assert.equal(kube.writes.length, 1);
  });

  it('keeps the CA and issues a new serving certificate when a host is added', async () => {
    const kube = new FakeKube();
    const first = await ensureCertificateSecret(kube.asClient(), options, logger);
    const more = [...hosts, 'nsscaler-webhook.nsscaler-system.svc.cluster.local'];
    const second = await ensureCertificateSecret(
      kube.asClient(),
      { ...options, hosts: more },
      logger,
    );

    assert.equal(second.caCert, first.caCert);
    assert.notEqual(second.cert, first.cert);
    assert.equal(checkBundle(second, more), undefined);
  });

  it('renews a serving certificate that expires within 30 days', async () => {
    const kube = new FakeKube();
    const first = await ensureCertificateSecret(kube.asClient(), options, logger);
    const in340Days = () => new Date(Date.now() + 340 * 24 * 3600_000);
    const renewed = await ensureCertificateSecret(kube.asClient(), options, logger, in340Days);

    assert.equal(renewed.caCert, first.caCert);
    assert.ok(
      Date.parse(new X509Certificate(renewed.cert).validTo) >
        Date.parse(new X509Certificate(first.cert).validTo),
    );
  });

  it('reads the winner when another replica stores a certificate first', async () => {
    const kube = new FakeKube();
    const other = new FakeKube();
    const winner = await ensureCertificateSecret(other.asClient(), options, logger);
    kube.beforeWrite = () => {
      kube.beforeWrite = undefined;
      kube.put(
        resources.secret,
        other.get(resources.secret, 'nsscaler-system', options.secretName)!,
      );
    };
    const bundle = await ensureCertificateSecret(kube.asClient(), options, logger);

    assert.deepEqual(bundle, winner);
    assert.deepEqual(kube.writes, []);
  });
});

describe('caBundle of nsscaler webhook configurations', () => {
  const [validating, mutating] = webhookConfigurationKinds as [
    (typeof webhookConfigurationKinds)[number],
    (typeof webhookConfigurationKinds)[number],
  ];
  const configuration = (name: string, webhooks: string[]) => ({
    metadata: { name },
    webhooks: webhooks.map((webhook) => ({ name: webhook, clientConfig: {} })),
  });

  it('sets the caBundle of every webhook in its own configurations and of no other', async () => {
    const kube = new FakeKube();
    kube.put(validating, configuration('nsscaler', ['validate.policies.nsscaler.io']));
    kube.put(
      mutating,
      configuration('nsscaler', ['default.policies.nsscaler.io', 'workloads.nsscaler.io']),
    );
    kube.put(mutating, configuration('someone-else', ['other.example.com']));

    const found = await patchCaBundles(kube.asClient(), 'nsscaler', 'CA PEM', logger);

    assert.deepEqual(found, ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);
    const bundle = Buffer.from('CA PEM').toString('base64');
    const webhooksOf = (kind: typeof validating, name: string) =>
      kube.get<{ webhooks: { clientConfig: { caBundle?: string } }[] }>(kind, undefined, name)
        ?.webhooks ?? [];
    assert.ok(
      webhooksOf(mutating, 'nsscaler').every((webhook) => webhook.clientConfig.caBundle === bundle),
    );
    assert.equal(webhooksOf(validating, 'nsscaler')[0]?.clientConfig.caBundle, bundle);
    assert.equal(webhooksOf(mutating, 'someone-else')[0]?.clientConfig.caBundle, undefined);
  });

  it('writes nothing when the bundle is already set, and skips a missing configuration', async () => {
    const kube = new FakeKube();
    kube.put(validating, configuration('nsscaler', ['validate.policies.nsscaler.io']));
    await patchCaBundles(kube.asClient(), 'nsscaler', 'CA PEM', logger);
    kube.writes.length = 0;

    const found = await patchCaBundles(kube.asClient(), 'nsscaler', 'CA PEM', logger);

    assert.deepEqual(found, ['ValidatingWebhookConfiguration']);
    assert.deepEqual(kube.writes, []);
  });

  it('retries when the configuration changed between read and write', async () => {
    const kube = new FakeKube();
    kube.put(validating, configuration('nsscaler', ['validate.policies.nsscaler.io']));
    kube.beforeWrite = () => {
      kube.beforeWrite = undefined;
      kube.put(validating, kube.get(validating, undefined, 'nsscaler')!);
    };

    await patchCaBundles(kube.asClient(), 'nsscaler', 'CA PEM', logger);

    assert.deepEqual(kube.writes, ['patch validatingwebhookconfigurations/nsscaler']);
  });
});
