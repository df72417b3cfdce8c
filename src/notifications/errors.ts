/**
 * Why a notification was not delivered. `SecretUnreadable`, `SecretInvalid` and `Refused` need a
 * person (fix the Secret, the RBAC or the webhook); the others may pass on a later attempt.
 */
export type NotificationErrorCode =
  | 'SecretUnreadable'
  | 'SecretInvalid'
  | 'Refused'
  | 'Unreachable'
  | 'ServerError'
  | 'Timeout'
  | 'BreakerOpen';

const retryableCodes = new Set<NotificationErrorCode>([
  'Unreachable',
  'ServerError',
  'Timeout',
  'BreakerOpen',
]);

/**
 * The one error a notification channel rejects with. Its message never holds a secret value or a
 * webhook URL; the underlying error, if any, is its `cause`.
 */
export class NotificationError extends Error {
  override readonly name = 'NotificationError';
  readonly code: NotificationErrorCode;
  /** The channel kind (`slack`, `email`, ...). */
  readonly channel: string;
  readonly retryable: boolean;

  constructor(
    message: string,
    details: { code: NotificationErrorCode; channel: string; cause?: unknown },
  ) {
    super(`${details.channel}: ${message}`, { cause: details.cause });
    this.code = details.code;
    this.channel = details.channel;
    this.retryable = retryableCodes.has(details.code);
  }
}

export function isRetryable(err: unknown): boolean {
  return !(err instanceof NotificationError) || err.retryable;
}
