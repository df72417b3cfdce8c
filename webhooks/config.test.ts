import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { readWebhookConfig } from './config.ts';

describe('readWebhookConfig', () => {
  it('is off by default, on port 9443 of every interface', () => {
    const result = readWebhookConfig({});

    assert.ok(result.ok);
    assert.equal(result.config.enabled, false);
    assert.equal(result.config.port, 9443);
    assert.equal(result.config.bindAddress, '0.0.0.0');
    assert.equal(result.config.configurationName, 'nsscaler');
  });

  it('serves certificate files from a directory', () => {
    const result = readWebhookConfig({
      NSSCALER_WEBHOOK_ENABLED: 'true',
      NSSCALER_WEBHOOK_CERT_DIR: '/certs',
      NSSCALER_WEBHOOK_BIND_ADDRESS: '127.0.0.1',
      NSSCALER_WEBHOOK_PORT: '10443',
    });

    assert.ok(result.ok);
    assert.deepEqual(result.config.certificates, { kind: 'files', dir: '/certs' });
    assert.equal(result.config.port, 10443);
  });

  it('names the Service and extra hosts in a self-managed certificate', () => {
    const result = readWebhookConfig(
      {
        NSSCALER_WEBHOOK_ENABLED: 'true',
        NSSCALER_WEBHOOK_SELF_SIGNED: 'true',
        NSSCALER_WEBHOOK_CERT_HOSTS: '127.0.0.1, webhook.example',
      },
      'ops',
    );

    assert.ok(result.ok);
    assert.deepEqual(result.config.certificates, {
      kind: 'self-signed',
      secretName: 'nsscaler-webhook-self-managed',
      hosts: [
        'nsscaler-webhook',
        'nsscaler-webhook.ops',
        'nsscaler-webhook.ops.svc',
        'nsscaler-webhook.ops.svc.cluster.local',
        '127.0.0.1',
        'webhook.example',
      ],
    });
  });

  it('O5 lists every bad variable at once, each by name', () => {
    const result = readWebhookConfig({
      NSSCALER_WEBHOOK_ENABLED: 'yes',
      NSSCALER_WEBHOOK_PORT: '70000',
      NSSCALER_WEBHOOK_BIND_ADDRESS: 'everywhere',
      NSSCALER_WEBHOOK_SELF_SIGNED: 'maybe',
      NSSCALER_WEBHOOK_CONFIGURATION_NAME: 'Not_A_Name',
      NSSCALER_WEBHOOK_CERT_HOSTS: 'bad host',
    });

    assert.equal(result.ok, false);
    const problems = result.ok ? [] : result.problems;
    for (const name of [
      'NSSCALER_WEBHOOK_ENABLED',
      'NSSCALER_WEBHOOK_PORT',
      'NSSCALER_WEBHOOK_BIND_ADDRESS',
      'NSSCALER_WEBHOOK_SELF_SIGNED',
      'NSSCALER_WEBHOOK_CONFIGURATION_NAME',
      'NSSCALER_WEBHOOK_CERT_HOSTS',
    ]) {
      assert.ok(
        problems.some((problem) => problem.startsWith(`${name}:`)),
        `${name} missing in ${problems.join(' | ')}`,
      );
    }
  });

  it('needs exactly one certificate source when enabled', () => {
    const neither = readWebhookConfig({ NSSCALER_WEBHOOK_ENABLED: 'true' });
    const both = readWebhookConfig({
      NSSCALER_WEBHOOK_ENABLED: 'true',
      NSSCALER_WEBHOOK_CERT_DIR: '/certs',
      NSSCALER_WEBHOOK_SELF_SIGNED: 'true',
    });

    assert.match(neither.ok ? '' : neither.problems.join(), /needs a certificate/);
    assert.match(both.ok ? '' : both.problems.join(), /not both/);
  });
});
