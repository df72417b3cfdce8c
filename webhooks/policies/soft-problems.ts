import type { NamespaceScalingPolicySpec } from '../../src/gen/namespace-scaling-policy.ts';
import { enabledKinds } from '../../src/scaling/inventory.ts';

/** A Secret reference in a policy, at its field path. */
export interface SecretReference {
  path: string;
  namespace: string;
  name: string;
  /** Keys the Secret must hold. */
  keys: string[];
}

/** What a look-up of a referenced Secret found. */
export type SecretLookup = 'found' | 'missing' | { missingKeys: string[] } | 'unknown';

/** Looks a Secret up; `unknown` when it cannot be read (no permission, API unavailable). */
export type SecretChecker = (reference: SecretReference) => Promise<SecretLookup>;

export function secretReferences(spec: NamespaceScalingPolicySpec): SecretReference[] {
  const references: SecretReference[] = [];
  const slack = spec.notifications?.slack?.webhookSecretRef;
  if (slack) {
    const { name, namespace, key } = slack;
    references.push({
      path: 'spec.notifications.slack.webhookSecretRef',
      name,
      namespace,
      keys: [key],
    });
  }
  const smtp = spec.notifications?.email?.smtpSecretRef;
  if (smtp) {
    const { name, namespace } = smtp;
    references.push({
      path: 'spec.notifications.email.smtpSecretRef',
      name,
      namespace,
      keys: ['host', 'port'],
    });
  }
  return references;
}

/**
 * Problems that do not make a policy wrong, only not yet useful: a Secret that does not exist yet
 * (or lacks its key), a Secret outside nsscaler's namespace (nsscaler reads only its own), an
 * override that has expired (it counts as unset, S8), a wake order naming a kind the policy does
 * not scale. Each is one short warning with its field path.
 */
export async function findSoftProblems(
  spec: NamespaceScalingPolicySpec,
  context: { controllerNamespace: string; now: Date; checkSecret: SecretChecker },
): Promise<string[]> {
  const warnings: string[] = [];

  for (const reference of secretReferences(spec)) {
    const where = `${reference.namespace}/${reference.name}`;
    if (reference.namespace !== context.controllerNamespace) {
      warnings.push(
        `${reference.path}: nsscaler reads Secrets only in ${context.controllerNamespace}, not ${reference.namespace}`,
      );
      continue;
    }
    const found = await context.checkSecret(reference);
    if (found === 'missing') {
      warnings.push(`${reference.path}: Secret ${where} does not exist yet`);
    } else if (typeof found === 'object') {
      warnings.push(`${reference.path}: Secret ${where} lacks ${found.missingKeys.join(', ')}`);
    }
  }

  (spec.overrides ?? []).forEach((override, index) => {
    const until = Date.parse(override.until);
    if (Number.isFinite(until) && until <= context.now.getTime()) {
      warnings.push(
        `spec.overrides[${index}].until: ${override.until} has passed; it counts as unset`,
      );
    }
  });

  const kinds = new Set<string>(enabledKinds(spec));
  (spec.wakeOrder ?? []).forEach((group, index) => {
    const idle = group.filter((kind) => !kinds.has(kind));
    if (idle.length > 0) {
      warnings.push(`spec.wakeOrder[${index}]: ${idle.join(', ')} not in spec.workloads.kinds`);
    }
  });
  return warnings;
}
