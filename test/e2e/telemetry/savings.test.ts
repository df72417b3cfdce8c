import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { waitFor } from '../support/kube.ts';
import type { Nsscaler } from '../support/nsscaler.ts';
import { startNsscaler } from '../support/nsscaler.ts';
import type { PolicyObject } from '../support/policies.ts';
import { readPolicy, waitForNamespaceState } from '../support/policies.ts';
import { scenarios } from '../support/scenarios.ts';
import { deployment, statefulSet } from '../support/workloads.ts';

const hourMs = 3_600_000;

/** Prices given to the controller, so the expected amounts can be worked out by hand. */
const prices = { NSSCALER_PRICE_VCPU_HOUR: '0.04', NSSCALER_PRICE_GIB_HOUR: '0.005' };

// web: 3 replicas of 500m + 1Gi; db: 2 replicas of the e2e default 10m + 16Mi; both go to 0.
// CPU 3 × 0.5 + 2 × 0.01 = 1.52 cores; memory 3 × 1 + 2 × 16/1024 = 3.03125 GiB.
// Per hour: CPU 1.52 × 0.04 = 0.0608, memory 3.03125 × 0.005 = 0.01515625, total 0.07595625.
const expected = { cpu: 1.52, memoryGiB: 3.03125, cpuHourly: 0.0608, memoryHourly: 0.01515625 };
const expectedHourly = expected.cpuHourly + expected.memoryHourly;

describe('estimated savings', () => {
  let env: Nsscaler;
  const { scenario, cleanUp } = scenarios(() => env.cluster);

  before(async () => {
    env = await startNsscaler('savings', { ...prices, NSSCALER_SAVINGS_RESOLUTION_SECONDS: '2' });
  });

  after(async () => {
    await cleanUp();
    await env.close();
  });

  const savingsOf = (policy: PolicyObject, namespace: string) =>
    policy.status?.namespaces?.find((entry) => entry.name === namespace)?.savings;

  it('shows the requests a sleep removed, priced per hour, in status and on /metrics', async () => {
    const s = await scenario('savings', { workloads: { kinds: ['Deployment', 'StatefulSet'] } });
    const web = deployment('web', 3);
    web.spec!.template.spec!.containers = web.spec!.template.spec!.containers.map((container) => ({
      ...container,
      resources: { requests: { cpu: '500m', memory: '1Gi' } },
    }));
    await env.cluster.apps.createNamespacedDeployment({ namespace: s.namespace, body: web });
    await env.cluster.apps.createNamespacedStatefulSet({
      namespace: s.namespace,
      body: statefulSet('db', 2),
    });
    await s.create();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');

    // Accumulated over at least two resolution intervals.
    const policy = await waitFor('savings to accumulate', async () => {
      const object = await readPolicy(env.cluster, s.policy);
      return Number(savingsOf(object, s.namespace)?.thisSleep ?? 0) > 0.00005 ? object : undefined;
    });
    const savings = savingsOf(policy, s.namespace)!;
    assert.equal(Number(savings.cpu), expected.cpu);
    assert.equal(Number(savings.memoryGiB), expected.memoryGiB);
    assert.ok(Math.abs(Number(savings.hourly) - expectedHourly) < 1e-6, savings.hourly);

    // The sleep's amount is its hourly cost times the time asleep up to accountedUntil.
    const total = policy.status!.estimatedSavings!;
    const since = policy.status!.namespaces!.find((entry) => entry.name === s.namespace)!.since!;
    const asleepHours = (Date.parse(total.accountedUntil!) - Date.parse(since)) / hourMs;
    assert.ok(
      Math.abs(Number(savings.thisSleep) - expectedHourly * asleepHours) < 2e-6,
      `${savings.thisSleep} for ${asleepHours} h`,
    );
    assert.equal(total.currency, 'USD');
    // The totals count from the first status that shows the sleep, which follows the snapshot by
    // the few seconds of going to sleep; the sleep's own amount counts from the snapshot.
    const uncounted = Number(savings.thisSleep) - Number(total.sinceCreation);
    assert.ok(uncounted >= 0 && uncounted < (expectedHourly * 10) / 3600, String(uncounted));
    assert.equal(Number(total.hourly), Number(savings.hourly));

    const metric = (resource: string) =>
      env.controller.metric('nsscaler_estimated_savings_hourly', {
        namespace: s.namespace,
        resource,
      });
    assert.ok(Math.abs((await metric('cpu')) - expected.cpuHourly) < 1e-9);
    assert.ok(Math.abs((await metric('memory')) - expected.memoryHourly) < 1e-9);

    // A fresh process reads the totals back from status and keeps adding to them.
    await env.controller.kill();
    env.controller = await env.startReplica('savings-restarted');
    const later = await waitFor('savings to be accounted after the restart', async () => {
      const object = await readPolicy(env.cluster, s.policy);
      const until = object.status?.estimatedSavings?.accountedUntil;
      return until && Date.parse(until) > Date.parse(total.accountedUntil!) + 3_000
        ? object
        : undefined;
    });
    const laterTotal = later.status!.estimatedSavings!;
    const hoursBetween =
      (Date.parse(laterTotal.accountedUntil!) - Date.parse(total.accountedUntil!)) / hourMs;
    assert.ok(
      Math.abs(
        Number(laterTotal.sinceCreation) -
          (Number(total.sinceCreation) + expectedHourly * hoursBetween),
      ) < 3e-6,
      `${total.sinceCreation} then ${laterTotal.sinceCreation} after ${hoursBetween} h`,
    );

    // Awake again: nothing more is saved, and what was saved stays.
    await s.wake();
    const woken = await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Awake');
    assert.equal(savingsOf(woken, s.namespace), undefined);
    assert.ok(
      Number(woken.status?.estimatedSavings?.sinceCreation) >= Number(laterTotal.sinceCreation),
    );
    await waitFor('the metric of the woken namespace to go', async () =>
      (await metric('cpu')) === 0 ? true : undefined,
    );
  });

  it('prices a policy with its own spec.cost over the controller defaults', async () => {
    // web: 2 replicas of 10m + 16Mi = 0.02 cores and 0.03125 GiB removed;
    // at 1.0 per core-hour and 2.0 per GiB-hour: 0.02 + 0.0625 = 0.0825 EUR per hour.
    const s = await scenario('savings-cost', {
      cost: { cpuPerHour: '1.0', memoryGiBPerHour: '2.0', currency: 'EUR' },
    });
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('web', 2),
    });
    await s.create();
    const policy = await waitFor('the priced sleep in status', async () => {
      const object = await readPolicy(env.cluster, s.policy);
      return savingsOf(object, s.namespace) ? object : undefined;
    });

    assert.equal(Number(savingsOf(policy, s.namespace)?.hourly), 0.0825);
    assert.equal(policy.status?.estimatedSavings?.currency, 'EUR');
  });
});
