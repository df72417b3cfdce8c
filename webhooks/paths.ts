/** The admission server's routes; config/webhook/ and the e2e registration use the same paths. */
export const webhookPaths = {
  validatePolicies: '/policies/validate',
  defaultPolicies: '/policies/default',
  mutateWorkloads: '/workloads/mutate',
} as const;

/** The username of nsscaler's ServiceAccount, whose own writes the workload webhook skips. */
export function controllerUsername(namespace: string, serviceAccount = 'nsscaler'): string {
  return `system:serviceaccount:${namespace}:${serviceAccount}`;
}
