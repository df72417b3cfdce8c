import type { Logger } from 'pino';

import type { KubeClient } from '../../src/k8s/client.ts';
import { isNotFound } from '../../src/k8s/errors.ts';
import { resources } from '../../src/k8s/resources.ts';
import type { SecretChecker, SecretLookup } from './soft-problems.ts';

/** A Secret check may take this long before the policy is admitted without its warning. */
const lookupTimeoutMs = 2_000;

/**
 * Looks referenced Secrets up in the API server (their data is read only for its keys and never
 * logged). Anything but "found" or "not found" within the time limit counts as unknown: a warning
 * is a courtesy, never a reason to deny or to slow admission down.
 */
export function apiSecretChecker(client: KubeClient, logger: Logger): SecretChecker {
  return async (reference) => {
    const lookup = client
      .get<{ data?: Record<string, string> }>(resources.secret, reference.namespace, reference.name)
      .then(
        (secret): SecretLookup => {
          const missingKeys = reference.keys.filter((key) => secret.data?.[key] === undefined);
          return missingKeys.length > 0 ? { missingKeys } : 'found';
        },
        (err: unknown): SecretLookup => {
          if (isNotFound(err)) return 'missing';
          logger.debug({ err, secret: reference.name }, 'cannot check a referenced Secret');
          return 'unknown';
        },
      );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<SecretLookup>((resolve) => {
      timer = setTimeout(() => resolve('unknown'), lookupTimeoutMs);
    });
    try {
      return await Promise.race([lookup, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}
