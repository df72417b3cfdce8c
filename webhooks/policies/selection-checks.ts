import type { NamespaceScalingPolicySpec } from '../../src/gen/namespace-scaling-policy.ts';
import type { NamespaceObject, Policy } from '../../src/controller/types.ts';
import { matchesSelector } from '../../src/scaling/selector.ts';

/** A finding about which namespaces a policy selects: a problem when new, a warning when not. */
export interface SelectionFinding {
  path: string;
  message: string;
  /** Whether this request introduces it (deny) or it was already there (warn). */
  introduced: boolean;
}

/**
 * C6 at admission: each explicitly listed namespace that another policy also lists explicitly.
 * Only names this request adds are introduced; a collision the object already had (for example,
 * created while the webhook was down) is a warning, so the policy can still be edited.
 */
export function findListCollisions(
  name: string,
  spec: NamespaceScalingPolicySpec,
  oldSpec: NamespaceScalingPolicySpec | undefined,
  others: readonly Policy[],
): SelectionFinding[] {
  const findings: SelectionFinding[] = [];
  const listedBefore = new Set(oldSpec?.namespaces ?? []);
  (spec.namespaces ?? []).forEach((namespace, index) => {
    const holders = others
      .filter((other) => other.metadata.name !== name)
      .filter((other) => other.spec.namespaces?.includes(namespace))
      .map((other) => `"${other.metadata.name}"`);
    if (holders.length === 0) return;
    findings.push({
      path: `spec.namespaces[${index}]`,
      message: `${namespace} is already listed by policy ${holders.join(', ')}; a namespace has one owner`,
      introduced: !listedBefore.has(namespace),
    });
  });
  return findings;
}

/**
 * A4 at admission: the protected namespaces (system namespaces and the controller's own) that the
 * namespaceSelector matches now and excludeNamespaces does not exclude. Listing one by name is
 * already a validation problem. A selector is introduced when the request creates the policy or
 * changes its selector or exclusions; otherwise a namespace relabelled since is only a warning,
 * and the controller leaves it out (A4: excluded and reported).
 */
export function findProtectedSelections(
  spec: NamespaceScalingPolicySpec,
  oldSpec: NamespaceScalingPolicySpec | undefined,
  namespaces: readonly NamespaceObject[],
  protectedNamespaces: ReadonlySet<string>,
): SelectionFinding[] {
  const selector = spec.namespaceSelector;
  if (selector === undefined) return [];
  const excluded = new Set(spec.excludeNamespaces ?? []);
  const matched = namespaces
    .map((namespace) => namespace.metadata)
    .filter(({ name }) => protectedNamespaces.has(name) && !excluded.has(name))
    .filter(({ labels }) => matchesSelector(selector, labels ?? {}))
    .map(({ name }) => name)
    .sort();
  if (matched.length === 0) return [];

  const introduced =
    oldSpec === undefined ||
    JSON.stringify(oldSpec.namespaceSelector) !== JSON.stringify(selector) ||
    JSON.stringify(oldSpec.excludeNamespaces ?? []) !==
      JSON.stringify(spec.excludeNamespaces ?? []);
  return [
    {
      path: 'spec.namespaceSelector',
      message:
        `matches ${matched.join(', ')}, which nsscaler never puts to sleep: narrow the selector ` +
        'or add them to spec.excludeNamespaces',
      introduced,
    },
  ];
}
