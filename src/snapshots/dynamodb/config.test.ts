import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { readDynamoDbStoreConfig } from './config.ts';

describe('reading the DynamoDB store configuration', () => {
  it('uses the defaults and leaves region and endpoint to the SDK when nothing is set', () => {
    assert.deepEqual(readDynamoDbStoreConfig({}), {
      ok: true,
      config: {
        tableName: 'nsscaler-snapshots',
        createTable: false,
        historyRetentionDays: 30,
        journalPath: '/var/lib/nsscaler/snapshot-journal',
        breaker: {
          timeoutMs: 3_000,
          errorThresholdPercentage: 50,
          resetTimeoutMs: 10_000,
          volumeThreshold: 5,
        },
      },
    });
  });

  it('points at DynamoDB Local with a placeholder region when only DYNAMODB_ENDPOINT is set', () => {
    const read = readDynamoDbStoreConfig({
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:18000',
      NSSCALER_DYNAMODB_TABLE: 'snapshots-dev',
      NSSCALER_DYNAMODB_CREATE_TABLE: 'true',
      NSSCALER_SNAPSHOT_HISTORY_DAYS: '7',
      NSSCALER_JOURNAL_PATH: '/tmp/nsscaler/journal',
      NSSCALER_DYNAMODB_BREAKER_TIMEOUT_MS: '2000',
      NSSCALER_DYNAMODB_BREAKER_ERROR_PERCENTAGE: '100',
      NSSCALER_DYNAMODB_BREAKER_RESET_TIMEOUT_MS: '1000',
      NSSCALER_DYNAMODB_BREAKER_VOLUME_THRESHOLD: '0',
    });

    assert.deepEqual(read, {
      ok: true,
      config: {
        tableName: 'snapshots-dev',
        createTable: true,
        historyRetentionDays: 7,
        journalPath: '/tmp/nsscaler/journal',
        breaker: {
          timeoutMs: 2_000,
          errorThresholdPercentage: 100,
          resetTimeoutMs: 1_000,
          volumeThreshold: 0,
        },
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:18000',
      },
    });
  });

  it('prefers the SDK variables AWS_ENDPOINT_URL_DYNAMODB and AWS_REGION', () => {
    const read = readDynamoDbStoreConfig({
      AWS_ENDPOINT_URL_DYNAMODB: 'http://dynamodb.test:8000',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:18000',
      AWS_REGION: 'eu-central-1',
      AWS_DEFAULT_REGION: 'us-west-2',
    });

    assert.ok(read.ok);
    assert.equal(read.config.endpoint, 'http://dynamodb.test:8000');
    assert.equal(read.config.region, 'eu-central-1');
  });

  it('O5 names every variable at fault in one answer', () => {
    const read = readDynamoDbStoreConfig({
      NSSCALER_DYNAMODB_TABLE: 'no spaces',
      DYNAMODB_ENDPOINT: 'localhost 8000',
      NSSCALER_DYNAMODB_CREATE_TABLE: 'yes',
      NSSCALER_SNAPSHOT_HISTORY_DAYS: '0',
      NSSCALER_JOURNAL_PATH: '/var/lib/nsscaler/',
      NSSCALER_DYNAMODB_BREAKER_TIMEOUT_MS: '3s',
      NSSCALER_DYNAMODB_BREAKER_ERROR_PERCENTAGE: '101',
      NSSCALER_DYNAMODB_BREAKER_RESET_TIMEOUT_MS: '-1',
      NSSCALER_DYNAMODB_BREAKER_VOLUME_THRESHOLD: '2.5',
    });

    assert.ok(!read.ok);
    assert.deepEqual(
      read.problems.map((problem) => problem.split(':')[0]),
      [
        'NSSCALER_DYNAMODB_TABLE',
        'DYNAMODB_ENDPOINT',
        'NSSCALER_DYNAMODB_CREATE_TABLE',
        'NSSCALER_SNAPSHOT_HISTORY_DAYS',
        'NSSCALER_JOURNAL_PATH',
        'NSSCALER_DYNAMODB_BREAKER_TIMEOUT_MS',
        'NSSCALER_DYNAMODB_BREAKER_ERROR_PERCENTAGE',
        'NSSCALER_DYNAMODB_BREAKER_RESET_TIMEOUT_MS',
        'NSSCALER_DYNAMODB_BREAKER_VOLUME_THRESHOLD',
      ],
    );
  });
});
