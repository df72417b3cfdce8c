import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Cluster } from './kube.ts';

const stateDir = process.env.NSSCALER_STATE ?? new URL('../../../.local', import.meta.url).pathname;

/**
 * A kubeconfig that authenticates as nsscaler's ServiceAccount, with a fresh bound token, so the
 * controller under test has exactly the permissions of config/rbac/ and no more.
 */
export async function serviceAccountKubeconfig(
  cluster: Cluster,
  namespace = 'nsscaler-system',
  name = 'nsscaler',
): Promise<string> {
  const request = await cluster.core.createNamespacedServiceAccountToken({
    name,
    namespace,
    body: { spec: { audiences: [], expirationSeconds: 24 * 3600 } },
  });
  const token = request.status?.token;
  if (!token) throw new Error('the TokenRequest returned no token');

  const current = cluster.kubeConfig.getCurrentCluster();
  if (!current) throw new Error('the admin kubeconfig has no current cluster');
  const caData =
    current.caData ??
    (current.caFile
      ? Buffer.from(
          await import('node:fs').then((fs) => fs.readFileSync(current.caFile as string)),
        ).toString('base64')
      : undefined);
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'e2e',
        cluster: {
          server: current.server,
          ...(caData ? { 'certificate-authority-data': caData } : {}),
          ...(current.skipTLSVerify ? { 'insecure-skip-tls-verify': true } : {}),
        },
      },
    ],
    users: [{ name: `system:serviceaccount:${namespace}:${name}`, user: { token } }],
    contexts: [
      {
        name: 'e2e',
        context: { cluster: 'e2e', user: `system:serviceaccount:${namespace}:${name}` },
      },
    ],
    'current-context': 'e2e',
  };
  const dir = join(stateDir, 'e2e');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.kubeconfig`);
  writeFileSync(path, JSON.stringify(config), { mode: 0o600 });
  return path;
}
