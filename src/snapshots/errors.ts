import type { SnapshotStore } from './store.ts';

/**
 * What went wrong, in the store's terms. `Unavailable`, `Throttled` and `Conflict` are worth
 * retrying; the others need a person or a code change.
 */
export type SnapshotStoreErrorCode =
  | 'Unavailable'
  | 'Throttled'
  | 'Conflict'
  | 'AccessDenied'
  | 'TableNotFound'
  | 'InvalidRequest'
  | 'InvalidSnapshot'
  | 'CorruptSnapshot'
  | 'UnsupportedFormat'
  | 'Unknown';

export type SnapshotStoreOperation = keyof SnapshotStore | 'ensureTable';

/** The one error a snapshot store throws. The underlying error, if any, is its `cause`. */
export class SnapshotStoreError extends Error {
  override readonly name = 'SnapshotStoreError';
  readonly code: SnapshotStoreErrorCode;
  readonly operation: SnapshotStoreOperation;
  readonly retryable: boolean;

  constructor(
    message: string,
    details: {
      code: SnapshotStoreErrorCode;
      operation: SnapshotStoreOperation;
      retryable?: boolean;
      cause?: unknown;
    },
  ) {
    super(`${details.operation}: ${message}`, { cause: details.cause });
    this.code = details.code;
    this.operation = details.operation;
    this.retryable = details.retryable ?? retryableCodes.has(details.code);
  }
}

const retryableCodes = new Set<SnapshotStoreErrorCode>(['Unavailable', 'Throttled', 'Conflict']);

const codeOfErrorName: Readonly<Record<string, SnapshotStoreErrorCode>> = {
  ProvisionedThroughputExceededException: 'Throttled',
  RequestLimitExceeded: 'Throttled',
  ThrottlingException: 'Throttled',
  LimitExceededException: 'Throttled',
  TransactionConflictException: 'Conflict',
  TransactionInProgressException: 'Conflict',
  ResourceNotFoundException: 'TableNotFound',
  AccessDeniedException: 'AccessDenied',
  UnrecognizedClientException: 'AccessDenied',
  InvalidSignatureException: 'AccessDenied',
  ExpiredTokenException: 'AccessDenied',
  CredentialsProviderError: 'AccessDenied',
  ValidationException: 'InvalidRequest',
  ItemCollectionSizeLimitExceededException: 'InvalidRequest',
  InternalServerError: 'Unavailable',
  ServiceUnavailable: 'Unavailable',
  TimeoutError: 'Unavailable',
  RequestTimeout: 'Unavailable',
};

const networkErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

interface AwsErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/**
 * Turns whatever the AWS SDK (or the network under it) threw into a SnapshotStoreError. Only the
 * error's name, code and message are copied into the new message: never request headers.
 */
export function normaliseDynamoDbError(
  err: unknown,
  operation: SnapshotStoreOperation,
): SnapshotStoreError {
  if (err instanceof SnapshotStoreError) {
    return err;
  }

  const shape: AwsErrorShape = typeof err === 'object' && err !== null ? err : {};
  const name = typeof shape.name === 'string' ? shape.name : 'Error';
  const message = typeof shape.message === 'string' ? shape.message : String(err);
  const code = classify(name, shape);

  return new SnapshotStoreError(`DynamoDB ${name}: ${message}`, { code, operation, cause: err });
}

function classify(name: string, shape: AwsErrorShape): SnapshotStoreErrorCode {
  const byName = codeOfErrorName[name];
  if (byName !== undefined) {
    return byName;
  }
  if (typeof shape.code === 'string' && networkErrorCodes.has(shape.code)) {
    return 'Unavailable';
  }
  const status = shape.$metadata?.httpStatusCode;
  if (shape.$fault === 'server' || (status !== undefined && status >= 500)) {
    return 'Unavailable';
  }
  return 'Unknown';
}
