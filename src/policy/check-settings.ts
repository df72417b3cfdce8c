import type { ProblemList } from './problems.ts';
import { isRecord } from './schema-check.ts';

/** Namespaces a policy may never put to sleep (A4). */
export const SYSTEM_NAMESPACES: readonly string[] = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
];

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
}

function checkSelectorRequirements(selector: unknown, path: string, problems: ProblemList): void {
  if (!isRecord(selector) || !Array.isArray(selector.matchExpressions)) return;
  selector.matchExpressions.forEach((requirement, index) => {
    if (!isRecord(requirement)) return;
    const values = stringList(requirement.values);
    const needsValues = requirement.operator === 'In' || requirement.operator === 'NotIn';
    if (needsValues && values.length === 0) {
      problems.add(
        `${path}.matchExpressions[${index}].values`,
        `${String(requirement.operator)} needs at least one value`,
      );
    }
    if (!needsValues && values.length > 0) {
      problems.add(
        `${path}.matchExpressions[${index}].values`,
        `${String(requirement.operator)} takes no values`,
      );
    }
  });
}

/**
 * Which namespaces: at least one of namespaceSelector and namespaces, no system namespace or the
 * controller's own (A4), and no name both included and excluded.
 */
export function checkNamespaceSelection(
  spec: Record<string, unknown>,
  controllerNamespace: string | undefined,
  problems: ProblemList,
): void {
  const listed = stringList(spec.namespaces);
  if (spec.namespaceSelector === undefined && listed.length === 0) {
    problems.add('spec', 'select namespaces with spec.namespaceSelector, spec.namespaces, or both');
  }
  checkSelectorRequirements(spec.namespaceSelector, 'spec.namespaceSelector', problems);

  const forbidden = new Set([
    ...SYSTEM_NAMESPACES,
    ...(controllerNamespace === undefined ? [] : [controllerNamespace]),
  ]);
  const excluded = new Set(stringList(spec.excludeNamespaces));
  listed.forEach((name, index) => {
    if (forbidden.has(name)) {
      problems.add(
        `spec.namespaces[${index}]`,
        `${name} is a system namespace or the controller's own and is never put to sleep`,
      );
    }
    if (excluded.has(name)) {
      problems.add(`spec.namespaces[${index}]`, `${name} is also listed in spec.excludeNamespaces`);
    }
  });
}

/** Workload settings: the shape of each exclusion and each kind in at most one wake order group. */
export function checkWorkloadSettings(spec: Record<string, unknown>, problems: ProblemList): void {
  const exclude = isRecord(spec.workloads) ? spec.workloads.exclude : undefined;
  if (Array.isArray(exclude)) {
    exclude.forEach((exclusion, index) => {
      if (!isRecord(exclusion)) return;
      const byName = exclusion.kind !== undefined && exclusion.name !== undefined;
      const bySelector = exclusion.selector !== undefined;
      const path = `spec.workloads.exclude[${index}]`;
      if (
        byName === bySelector ||
        (!byName && (exclusion.kind !== undefined || exclusion.name !== undefined))
      ) {
        problems.add(path, 'an exclusion is either {kind, name} or {selector}');
      }
      checkSelectorRequirements(exclusion.selector, `${path}.selector`, problems);
    });
  }

  if (Array.isArray(spec.wakeOrder)) {
    const groupOfKind = new Map<string, number>();
    spec.wakeOrder.forEach((group, index) => {
      for (const kind of stringList(group)) {
        const earlier = groupOfKind.get(kind);
        if (earlier !== undefined && earlier !== index) {
          problems.add(
            `spec.wakeOrder[${index}]`,
            `${kind} is already in wakeOrder[${earlier}]; a kind may appear in only one group`,
          );
        }
        groupOfKind.set(kind, earlier ?? index);
      }
    });
  }
}
