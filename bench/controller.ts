/**
 * The controller benchmark (`make bench`): 200 namespaces with 10 one-replica Deployments each on
 * the local cluster. It measures the seconds from a sleep boundary until every Deployment is at 0,
 * and from a wake boundary until every one is Ready again; the controller's API requests by verb
 * and resource in each phase and while nothing changes; and the controller's peak RSS. Prints one
 * JSON document on stdout. Progress goes to stderr.
 */
import { readFileSync } from 'node:fs';

import { ControllerProcess } from '../test/e2e/support/controller.ts';
import { createTestSnapshotTable } from '../test/e2e/support/dynamodb.ts';
import { installNsscaler } from '../test/e2e/support/install.ts';
import { connect, waitFor } from '../test/e2e/support/kube.ts';
import {
  createPolicy,
  deletePolicyAndWait,
  holdFor,
  patchPolicySpec,
} from '../test/e2e/support/policies.ts';
import { deployment } from '../test/e2e/support/workloads.ts';
import { apiRequestCounts, diffCounts, writesOf } from './metrics.ts';
import { forEachConcurrently } from './concurrency.ts';

const namespaceCount = Number(process.env.BENCH_NAMESPACES ?? 200);
const deploymentsPerNamespace = Number(process.env.BENCH_DEPLOYMENTS ?? 10);
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
const label = 'nsscaler.io/bench';
/** A small young generation and a capped old one: what a memory-limited Pod would run with. */
const defaultNodeArgs = '--max-semi-space-size=2 --max-old-space-size=128';
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

const cluster = connect();
await installNsscaler(cluster);
const table = await createTestSnapshotTable();
const namespaces = Array.from(
  { length: namespaceCount },
  (_, i) => `bench-${String(i).padStart(3, '0')}`,
);
const policyName = 'bench';

log(`creating ${namespaceCount} namespaces x ${deploymentsPerNamespace} Deployments`);
await forEachConcurrently(namespaces, 16, async (namespace) => {
  await cluster.core
    .createNamespace({ body: { metadata: { name: namespace, labels: { [label]: 'true' } } } })
    .catch(ignoreAlreadyExists);
  for (let i = 0; i < deploymentsPerNamespace; i += 1) {
    await cluster.apps
      .createNamespacedDeployment({ namespace, body: deployment(`app-${i}`, 1) })
      .catch(ignoreAlreadyExists);
  }
});
const total = namespaceCount * deploymentsPerNamespace;
await waitUntil(`all ${total} Deployments Ready`, (d) => (d.status?.readyReplicas ?? 0) === 1, 600);

const controller = new ControllerProcess({
  kubeconfig: process.env.KUBECONFIG ?? '',
  table: table.tableName,
  name: 'bench',
  compiled: true,
  nodeArgs: (process.env.BENCH_NODE_ARGS ?? defaultNodeArgs).split(' ').filter(Boolean),
  env: {
    LOG_LEVEL: 'info',
    NSSCALER_IDENTITY: 'bench',
    NSSCALER_LEASE_DURATION_SECONDS: '15',
    NSSCALER_RENEW_DEADLINE_SECONDS: '10',
    NSSCALER_RETRY_PERIOD_SECONDS: '2',
    NSSCALER_KUBE_QPS: process.env.BENCH_QPS ?? '100',
    NSSCALER_KUBE_BURST: process.env.BENCH_BURST ?? '200',
    NSSCALER_MAX_CONCURRENT_NAMESPACES: process.env.BENCH_CONCURRENCY ?? '16',
  },
});
await controller.start();
const pid = controller.pid();
await createPolicy(cluster, policyName, {
  timeZone: 'UTC',
  sleep: [{ days: 'Sun', start: '03:00', end: '03:01' }],
  namespaceSelector: { matchLabels: { [label]: 'true' } },
  overrides: [holdFor('Awake')],
});
await waitFor(
  'the policy to own every namespace',
  async () => {
    const port = controller.metricsPort();
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const awake = /nsscaler_namespaces\{state="Awake"\} (\d+)/.exec(text)?.[1];
    return Number(awake) === namespaceCount ? true : undefined;
  },
  { timeoutMs: 120_000 },
);

const beforeSleep = await apiRequestCounts(controller);
log('sleep boundary');
const sleepStarted = performance.now();
await patchPolicySpec(cluster, policyName, { overrides: [holdFor('Asleep')] });
await waitUntil('every Deployment at 0', (d) => d.spec?.replicas === 0, 300);
const sleepSeconds = (performance.now() - sleepStarted) / 1000;
await settle();
const afterSleep = await apiRequestCounts(controller);

log(`idle for ${idleSeconds} s`);
await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
const afterIdle = await apiRequestCounts(controller);

log('wake boundary');
const wakeStarted = performance.now();
await patchPolicySpec(cluster, policyName, { overrides: [holdFor('Awake')] });
await waitUntil(
  'every Deployment Ready',
  (d) => d.spec?.replicas === 1 && d.status?.readyReplicas === 1,
  600,
);
const wakeSeconds = (performance.now() - wakeStarted) / 1000;
await settle();
const afterWake = await apiRequestCounts(controller);
const peakRssMiB = peakRss(pid);

log('cleaning up');
await deletePolicyAndWait(cluster, policyName);
await controller.stop();
await table.drop();
await forEachConcurrently(namespaces, 16, (name) =>
  cluster.core.deleteNamespace({ name }).then(
    () => undefined,
    () => undefined,
  ),
);

const sleepRequests = diffCounts(beforeSleep, afterSleep);
const idleRequests = diffCounts(afterSleep, afterIdle);
const wakeRequests = diffCounts(afterIdle, afterWake);
const result = {
  benchmark: 'controller',
  namespaces: namespaceCount,
  deployments: total,
  settings: {
    qps: Number(process.env.BENCH_QPS ?? 100),
    burst: Number(process.env.BENCH_BURST ?? 200),
    concurrency: Number(process.env.BENCH_CONCURRENCY ?? 16),
    nodeArgs: process.env.BENCH_NODE_ARGS ?? defaultNodeArgs,
  },
  sleep: {
    seconds: round(sleepSeconds),
    targetSeconds: 30,
    requests: sleepRequests,
    writes: writesOf(sleepRequests),
  },
  wake: {
    seconds: round(wakeSeconds),
    targetSeconds: 90,
    requests: wakeRequests,
    writes: writesOf(wakeRequests),
  },
  idle: { seconds: idleSeconds, requests: idleRequests, writes: writesOf(idleRequests) },
  writeBudgetPerTransition: total + namespaceCount,
  peakRssMiB,
  targetRssMiB: 150,
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);

async function waitUntil(
  description: string,
  done: (d: { spec?: { replicas?: number }; status?: { readyReplicas?: number } }) => boolean,
  timeoutSeconds: number,
): Promise<void> {
  await waitFor(
    description,
    async () => {
      const list = await cluster.apps.listDeploymentForAllNamespaces({ labelSelector: 'app' });
      const bench = list.items.filter((d) => d.metadata?.namespace?.startsWith('bench-'));
      return bench.length === total && bench.every(done) ? true : undefined;
    },
    { timeoutMs: timeoutSeconds * 1000, intervalMs: 250 },
  );
}

/** Waits until the controller's request counters stop moving (status and Events written). */
async function settle(): Promise<void> {
  let previous = JSON.stringify(await apiRequestCounts(controller));
  for (let i = 0; i < 20; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const current = JSON.stringify(await apiRequestCounts(controller));
    if (current === previous) return;
    previous = current;
  }
}

function peakRss(processId: number): number {
  const status = readFileSync(`/proc/${processId}/status`, 'utf8');
  const kib = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return round(kib / 1024);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function ignoreAlreadyExists(err: unknown): void {
  if ((err as { code?: number }).code !== 409) throw err;
}
