import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { readControllerConfig } from './env.ts';

describe('readControllerConfig', () => {
  it('starts from documented defaults when nothing is set', () => {
    const result = readControllerConfig({});

    assert.ok(result.ok);
    assert.equal(result.config.namespace, 'nsscaler-system');
    assert.equal(result.config.leaderElection.leaseDurationSeconds, 15);
    assert.equal(result.config.kubeQps, 50);
    assert.equal(result.config.dynamoDb.tableName, 'nsscaler-snapshots');
  });

  it('O5 lists every bad variable at once, each by name', () => {
    const result = readControllerConfig({
      NSSCALER_KUBE_QPS: 'fast',
      NSSCALER_MAX_CONCURRENT_NAMESPACES: '0',
      NSSCALER_DEFAULT_TIME_ZONE: 'CEST',
      NSSCALER_LEADER_ELECTION: 'yes',
      LOG_LEVEL: 'loud',
      NSSCALER_DYNAMODB_CREATE_TABLE: 'maybe',
    });

    assert.equal(result.ok, false);
    const problems = result.ok ? [] : result.problems;
    for (const name of [
      'NSSCALER_KUBE_QPS',
      'NSSCALER_MAX_CONCURRENT_NAMESPACES',
      'NSSCALER_DEFAULT_TIME_ZONE',
      'NSSCALER_LEADER_ELECTION',
      'LOG_LEVEL',
      'NSSCALER_DYNAMODB_CREATE_TABLE',
    ]) {
      assert.ok(
        problems.some((problem) => problem.startsWith(`${name}:`)),
        `${name} missing in ${problems.join(' | ')}`,
      );
    }
  });

  it('rejects lease timings that cannot work together', () => {
    const result = readControllerConfig({
      NSSCALER_LEASE_DURATION_SECONDS: '10',
      NSSCALER_RENEW_DEADLINE_SECONDS: '10',
    });

    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.problems.join(), /NSSCALER_RENEW_DEADLINE_SECONDS/);
  });

  it('prices savings with documented defaults or the configured prices', () => {
    const defaults = readControllerConfig({});
    assert.ok(defaults.ok);
    assert.deepEqual(defaults.config.savings, {
      defaultPrices: { cpuPerHour: 0.0405, memoryGiBPerHour: 0.0045, currency: 'USD' },
      resolutionMs: 300_000,
    });

    const configured = readControllerConfig({
      NSSCALER_PRICE_VCPU_HOUR: '0.031',
      NSSCALER_PRICE_GIB_HOUR: '0.004',
      NSSCALER_PRICE_CURRENCY: 'EUR',
      NSSCALER_SAVINGS_RESOLUTION_SECONDS: '60',
    });
    assert.ok(configured.ok);
    assert.deepEqual(configured.config.savings, {
      defaultPrices: { cpuPerHour: 0.031, memoryGiBPerHour: 0.004, currency: 'EUR' },
      resolutionMs: 60_000,
    });
  });

  it('O5 lists bad prices with the other bad variables', () => {
    const result = readControllerConfig({
      NSSCALER_KUBE_QPS: 'fast',
      NSSCALER_PRICE_VCPU_HOUR: '-1',
      NSSCALER_PRICE_GIB_HOUR: '0,004',
      NSSCALER_PRICE_CURRENCY: 'euro',
      NSSCALER_SAVINGS_RESOLUTION_SECONDS: '0',
    });

    assert.equal(result.ok, false);
    assert.deepEqual(
      (result.ok ? [] : result.problems).map((problem) => problem.split(':')[0]),
      [
        'NSSCALER_KUBE_QPS',
        'NSSCALER_PRICE_VCPU_HOUR',
        'NSSCALER_PRICE_GIB_HOUR',
        'NSSCALER_PRICE_CURRENCY',
        'NSSCALER_SAVINGS_RESOLUTION_SECONDS',
      ],
    );
  });

  it('O3 reads the API write breaker under NSSCALER_KUBE_BREAKER_*, checked with the rest', () => {
    const result = readControllerConfig({
      NSSCALER_KUBE_BREAKER_TIMEOUT_MS: '4000',
      NSSCALER_KUBE_BREAKER_VOLUME_THRESHOLD: '2',
      NSSCALER_KUBE_BREAKER_RESET_TIMEOUT_MS: '2000',
    });
    assert.ok(result.ok);
    assert.deepEqual(result.config.kubeWriteBreaker, {
      timeoutMs: 4000,
      errorThresholdPercentage: 50,
      resetTimeoutMs: 2000,
      volumeThreshold: 2,
    });

    const bad = readControllerConfig({
      NSSCALER_KUBE_BREAKER_ERROR_PERCENTAGE: '150',
      NSSCALER_KUBE_BREAKER_TIMEOUT_MS: '10',
    });
    assert.deepEqual((bad.ok ? [] : bad.problems).map((problem) => problem.split(':')[0]).sort(), [
      'NSSCALER_KUBE_BREAKER_ERROR_PERCENTAGE',
      'NSSCALER_KUBE_BREAKER_TIMEOUT_MS',
    ]);
  });

  it('O4 gives Prometheus, Slack and SMTP breakers their own settings, checked with the rest', () => {
    const result = readControllerConfig({
      NSSCALER_PROMETHEUS_TIMEOUT_MS: '2500',
      NSSCALER_SLACK_BREAKER_RESET_TIMEOUT_MS: '60000',
      NSSCALER_SMTP_BREAKER_VOLUME_THRESHOLD: '7',
    });

    assert.ok(result.ok);
    assert.equal(result.config.breakers.prometheus.timeoutMs, 2500);
    assert.equal(result.config.breakers.slack.resetTimeoutMs, 60_000);
    assert.equal(result.config.breakers.slack.timeoutMs, 10_000);
    assert.equal(result.config.breakers.smtp.volumeThreshold, 7);

    const bad = readControllerConfig({
      NSSCALER_PROMETHEUS_BREAKER_ERROR_PERCENTAGE: '150',
      NSSCALER_SLACK_TIMEOUT_MS: 'soon',
      NSSCALER_KUBE_QPS: 'fast',
    });
    const problems = bad.ok ? [] : bad.problems;
    for (const name of [
      'NSSCALER_PROMETHEUS_BREAKER_ERROR_PERCENTAGE',
      'NSSCALER_SLACK_TIMEOUT_MS',
      'NSSCALER_KUBE_QPS',
    ]) {
      assert.ok(
        problems.some((problem) => problem.startsWith(`${name}:`)),
        name,
      );
    }
  });
});
