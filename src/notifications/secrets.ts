import type { KubeClient } from '../k8s/client.ts';
import { KubeApiError, isTransient } from '../k8s/errors.ts';
import { resources } from '../k8s/resources.ts';
import { NotificationError } from './errors.ts';
import type { SecretReader } from './types.ts';

/** A Secret that could not be read; `retryable` when the API server may answer later. */
export class SecretReadError extends Error {
  override readonly name = 'SecretReadError';
  readonly retryable: boolean;

  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.retryable = options.retryable;
  }
}

/** Decodes a Secret's `data` (base64 values) into text. */
export function decodeSecretData(data: Record<string, string> | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [key, value] of Object.entries(data ?? {})) {
    decoded[key] = Buffer.from(value, 'base64').toString('utf8');
  }
  return decoded;
}

/**
 * Reads Secrets from the API server on every call, so a rotated webhook URL or password is used
 * at once. A missing or forbidden Secret is not worth retrying; an API server that is down or
 * throttling is.
 */
export function kubeSecretReader(client: KubeClient): SecretReader {
  return async (namespace, name) => {
    try {
      const secret = await client.get<{ data?: Record<string, string> }>(
        resources.secret,
        namespace,
        name,
      );
      return decodeSecretData(secret.data);
    } catch (err) {
      throw new SecretReadError(`Secret ${namespace}/${name} ${readProblem(err)}`, {
        retryable: isTransient(err),
        cause: err,
      });
    }
  };
}

function readProblem(err: unknown): string {
  if (!(err instanceof KubeApiError)) return 'cannot be read';
  if (err.code === 404) return 'does not exist';
  if (err.code === 403) return 'may not be read by nsscaler (see its RBAC Role)';
  return isTransient(err) ? 'cannot be read now' : 'cannot be read';
}

/** Reads a channel's Secret; failures become NotificationErrors of that channel. */
export async function readChannelSecret(
  readSecret: SecretReader,
  ref: { namespace: string; name: string },
  channel: string,
): Promise<Record<string, string>> {
  try {
    return await readSecret(ref.namespace, ref.name);
  } catch (err) {
    const retryable = !(err instanceof SecretReadError) || err.retryable;
    const message =
      err instanceof SecretReadError ? err.message : `Secret ${ref.namespace}/${ref.name} unread`;
    throw new NotificationError(message, {
      code: retryable ? 'Unreachable' : 'SecretUnreadable',
      channel,
      cause: err,
    });
  }
}

/** The value of `key`, or a SecretInvalid error that names the key (never a value). */
export function requireSecretKey(
  data: Record<string, string>,
  key: string,
  where: { namespace: string; name: string; channel: string },
): string {
  const value = data[key]?.trim();
  if (!value) {
    throw new NotificationError(`Secret ${where.namespace}/${where.name} has no key "${key}"`, {
      code: 'SecretInvalid',
      channel: where.channel,
    });
  }
  return value;
}
