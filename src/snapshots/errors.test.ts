import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { normaliseDynamoDbError, SnapshotStoreError } from './errors.ts';

/** An error shaped like the ones the AWS SDK throws. */
function awsError(name: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} happened`), { name, ...extra });
}

describe('normalising DynamoDB errors', () => {
  const cases: [string, Error, string, boolean][] = [
    ['throttling', awsError('ProvisionedThroughputExceededException'), 'Throttled', true],
    ['a transaction conflict', awsError('TransactionConflictException'), 'Conflict', true],
    ['a missing table', awsError('ResourceNotFoundException'), 'TableNotFound', false],
    ['refused credentials', awsError('UnrecognizedClientException'), 'AccessDenied', false],
    ['an item over 400 KB', awsError('ValidationException'), 'InvalidRequest', false],
    [
      'a refused connection',
      Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
      'Unavailable',
      true,
    ],
    ['a server fault', awsError('SomethingNew', { $fault: 'server' }), 'Unavailable', true],
    ['an HTTP 503', awsError('Odd', { $metadata: { httpStatusCode: 503 } }), 'Unavailable', true],
    ['anything else', awsError('Odd'), 'Unknown', false],
  ];

  for (const [what, cause, code, retryable] of cases) {
    it(`turns ${what} into ${code}, ${retryable ? 'worth' : 'not worth'} retrying`, () => {
      const err = normaliseDynamoDbError(cause, 'putSnapshot');

      assert.ok(err instanceof SnapshotStoreError);
      assert.deepEqual([err.code, err.retryable, err.operation], [code, retryable, 'putSnapshot']);
      assert.equal(err.cause, cause);
      assert.match(err.message, /^putSnapshot: /);
    });
  }

  it('passes a SnapshotStoreError through unchanged', () => {
    const original = new SnapshotStoreError('bad', {
      code: 'CorruptSnapshot',
      operation: 'getSnapshot',
    });

    assert.equal(normaliseDynamoDbError(original, 'putSnapshot'), original);
  });
});
