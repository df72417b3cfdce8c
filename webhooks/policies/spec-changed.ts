import { isDeepStrictEqual } from 'node:util';

/**
 * Whether an update changes a policy's spec. Updates that do not (the controller adding or
 * removing its finalizer, label edits) are admitted as they are, so a policy that became invalid
 * while the webhook was down can still be finalized and deleted.
 */
export function specChanged(spec: unknown, oldSpec: unknown): boolean {
  return !isDeepStrictEqual(spec, oldSpec);
}
