import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const stateDir = process.env.NSSCALER_STATE ?? new URL('../../../.local', import.meta.url).pathname;

/**
 * What test/e2e/cluster/up.sh recorded about the running cluster in ${NSSCALER_STATE}/cluster.env
 * (KEY=value lines). A variable set in the environment wins over the file; without either, the
 * values fit the local control plane.
 */
function recorded(): Record<string, string> {
  const file = join(stateDir, 'cluster.env');
  if (!existsSync(file)) return {};
  const entries = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => /^([A-Z0-9_]+)=(.*)$/.exec(line.trim()))
    .filter((match) => match !== null)
    .map((match) => [match[1]!, match[2]!] as const);
  return Object.fromEntries(entries);
}

const file = recorded();
const setting = (name: string, fallback: string) => process.env[name] || file[name] || fallback;

/**
 * The image of every test workload. kwok's fake nodes "run" any image without pulling it; kind's
 * nodes pull it, so kind-up.sh records a small real one.
 */
export const workloadImage = setting('NSSCALER_E2E_IMAGE', 'registry.invalid/nsscaler-e2e:1');

/**
 * The address the API server reaches webhook servers of the tests on: 127.0.0.1 for the local
 * control plane, the host's address on kind's Docker network for kind. Webhook servers listen on
 * it and are registered with it.
 */
export const webhookHost = setting('NSSCALER_E2E_WEBHOOK_HOST', '127.0.0.1');

/** How many Ready nodes the cluster has: FAKE_NODES (2 by default), or kind's node count. */
export const expectedNodes = Number(setting('NSSCALER_E2E_NODES', '2'));
