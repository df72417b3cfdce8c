import type { NamespaceScalingPolicySpec } from '../../src/gen/namespace-scaling-policy.ts';
import type { PolicyProblem } from '../../src/policy/problems.ts';
import { validatePolicySpec } from '../../src/policy/validate.ts';
import type { AdmissionDecision, AdmissionRequest } from '../admission/review.ts';
import type { ClusterView } from '../cluster-view.ts';
import { findListCollisions, findProtectedSelections } from './selection-checks.ts';
import type { SecretChecker } from './soft-problems.ts';
import { findSoftProblems } from './soft-problems.ts';
import { specChanged } from './spec-changed.ts';

export interface PolicyValidationOptions {
  view: ClusterView;
  controllerNamespace: string;
  /** System namespaces and the controller's own (A4). */
  protectedNamespaces: ReadonlySet<string>;
  checkSecret: SecretChecker;
  now(): Date;
}

interface PolicyObject {
  metadata?: { name?: string; deletionTimestamp?: string };
  spec?: unknown;
}

/**
 * Validates a NamespaceScalingPolicy at admission (A1): the shared validation of the schedule
 * engine and the CLI, plus what needs the cluster: explicit namespaces another policy lists (C6)
 * and selectors that match a protected namespace (A4). Every problem is returned in one denial,
 * each with its field path; soft problems are warnings. Updates that leave the spec alone and
 * policies being deleted are admitted, so the controller can always finalize a policy.
 */
export async function validatePolicy(
  request: AdmissionRequest,
  options: PolicyValidationOptions,
): Promise<AdmissionDecision> {
  const object = request.object as PolicyObject | undefined;
  const old = request.oldObject as PolicyObject | undefined;
  if (request.operation !== 'CREATE' && request.operation !== 'UPDATE') return { allowed: true };
  if (object?.metadata?.deletionTimestamp) return { allowed: true };
  if (request.operation === 'UPDATE' && !specChanged(object?.spec, old?.spec)) {
    return { allowed: true };
  }

  const name = object?.metadata?.name ?? request.name ?? '';
  const problems: PolicyProblem[] = validatePolicySpec(object?.spec, {
    controllerNamespace: options.controllerNamespace,
  });
  const warnings: string[] = [];
  // The checks below read the spec's fields; a spec that is not even an object was reported.
  const spec = isSpec(object?.spec) ? object.spec : undefined;
  const oldSpec = isSpec(old?.spec) ? old.spec : undefined;
  if (spec !== undefined) {
    const findings = [
      ...findListCollisions(name, spec, oldSpec, options.view.policies()),
      ...findProtectedSelections(
        spec,
        oldSpec,
        options.view.namespaces(),
        options.protectedNamespaces,
      ),
    ];
    for (const finding of findings) {
      if (finding.introduced) problems.push({ path: finding.path, message: finding.message });
      else warnings.push(`${finding.path}: ${finding.message}`);
    }
  }

  if (problems.length > 0) return deny(name, problems, warnings);
  if (spec !== undefined) {
    warnings.push(
      ...(await findSoftProblems(spec, {
        controllerNamespace: options.controllerNamespace,
        now: options.now(),
        checkSecret: options.checkSecret,
      })),
    );
  }
  return warnings.length > 0 ? { allowed: true, warnings } : { allowed: true };
}

function isSpec(value: unknown): value is NamespaceScalingPolicySpec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deny(name: string, problems: PolicyProblem[], warnings: string[]): AdmissionDecision {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const listed = problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
  return {
    allowed: false,
    code: 422,
    reason: 'Invalid',
    message: `NamespaceScalingPolicy "${name}" is invalid (${count}): ${listed}`,
    causes: problems.map((problem) => ({ field: problem.path, message: problem.message })),
    warnings,
  };
}
