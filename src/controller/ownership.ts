import { matchesSelector } from '../scaling/selector.ts';
import type { NamespaceObject, Policy } from './types.ts';

/** Namespaces no policy may ever put to sleep (A4); the controller's own is added at start-up. */
export const systemNamespaces: readonly string[] = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
];

export interface Assignment {
  /** The policy that decides the namespace, when one matches. */
  owner?: Policy;
  /** Other matching policies, which report a Conflict (C6). */
  contenders: Policy[];
}

/** Whether a policy's targets name or select the namespace, before any exclusion. */
export function policyTargets(policy: Policy, namespace: NamespaceObject): boolean {
  const { spec } = policy;
  const name = namespace.metadata.name;
  if (spec.excludeNamespaces?.includes(name)) return false;
  if (spec.namespaces?.includes(name)) return true;
  return spec.namespaceSelector !== undefined
    ? matchesSelector(spec.namespaceSelector, namespace.metadata.labels ?? {})
    : false;
}

/** Oldest first: creation time, then name (C6). */
export function compareAge(a: Policy, b: Policy): number {
  const at = String(a.metadata.creationTimestamp ?? '');
  const bt = String(b.metadata.creationTimestamp ?? '');
  const ad = Date.parse(at) || 0;
  const bd = Date.parse(bt) || 0;
  return ad - bd || a.metadata.name.localeCompare(b.metadata.name);
}

/**
 * Which policy owns a namespace (C6): of all policies that target it, the oldest. Protected
 * namespaces (A4) belong to nobody.
 */
export function assignNamespace(
  namespace: NamespaceObject,
  policies: readonly Policy[],
  protectedNamespaces: ReadonlySet<string>,
): Assignment {
  if (protectedNamespaces.has(namespace.metadata.name)) return { contenders: [] };
  const matching = policies.filter((policy) => policyTargets(policy, namespace)).sort(compareAge);
  const [owner, ...contenders] = matching;
  return owner ? { owner, contenders } : { contenders: [] };
}
