import { operationIdProblems } from '../snapshots/validation.ts';

/** The policy annotation through which a person asks for a rollback (O2, R9). */
export const rollbackAnnotation = 'nsscaler.io/rollback';

export type RollbackRequest =
  | { readonly ok: true; readonly namespace: string; readonly snapshotId?: string }
  | { readonly ok: false; readonly problem: string };

const namespaceName = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Reads the annotation's value (pure): `<namespace>` rolls the namespace back to its latest
 * snapshot, `<namespace>/<snapshotId>` to that snapshot of its history. A bad value is a problem
 * naming the annotation (O5).
 */
export function parseRollbackRequest(value: string): RollbackRequest {
  const text = value.trim();
  const slash = text.indexOf('/');
  const namespace = slash === -1 ? text : text.slice(0, slash);
  const snapshotId = slash === -1 ? undefined : text.slice(slash + 1);
  const problem = (why: string) => ({
    ok: false as const,
    problem: `annotation ${rollbackAnnotation}: '${value}' ${why}; write <namespace> or <namespace>/<snapshotId>`,
  });

  if (!namespaceName.test(namespace)) return problem(`does not start with a namespace name`);
  if (snapshotId === undefined) return { ok: true, namespace };
  if (operationIdProblems(snapshotId).length > 0) {
    return problem(`has '${snapshotId}', which is not a snapshot id`);
  }
  return { ok: true, namespace, snapshotId };
}

/**
 * What is wrong with the policy's rollback request, if anything (pure): a value that does not
 * parse, or a namespace the policy does not manage.
 */
export function rollbackRequestProblem(
  value: string | undefined,
  ownedNamespaces: readonly string[],
): string | undefined {
  if (value === undefined) return undefined;
  const request = parseRollbackRequest(value);
  if (!request.ok) return request.problem;
  if (ownedNamespaces.includes(request.namespace)) return undefined;
  return `annotation ${rollbackAnnotation}: '${value}' names ${request.namespace}, which this policy does not manage; nothing was rolled back`;
}
