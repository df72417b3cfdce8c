import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import pino from 'pino';

import { KubeClient } from './client.ts';
import { LeaderElector } from './leader-election.ts';
import type { LeaderElectionConfig } from './leader-election.ts';
import { LeaseServer } from './testing/lease-server.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, withinMs: number, what: string): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await pause(20);
  }
}

describe('LeaderElector', () => {
  const server = new LeaseServer();
  let client: KubeClient;

  before(async () => {
    client = new KubeClient(await server.listen(), { fieldManager: 'nsscaler' });
  });

  after(() => server.close());

  /** Short timings: a standby may take over 2 s after the last renewal. */
  function elector(name: string, identity: string) {
    const config: LeaderElectionConfig = {
      namespace: 'nsscaler-system',
      name,
      identity,
      leaseDurationSeconds: 2,
      renewDeadlineSeconds: 1.2,
      retryPeriodSeconds: 0.2,
    };
    const changes: { leading: boolean; at: number }[] = [];
    const instance = new LeaderElector(client, config, pino({ level: 'silent' }), {
      onStartedLeading: () => changes.push({ leading: true, at: Date.now() }),
      onStoppedLeading: () => changes.push({ leading: false, at: Date.now() }),
    });
    const abort = new AbortController();
    const running = instance.run(abort.signal);
    const stop = async () => {
      abort.abort();
      await running;
    };
    return { instance, changes, stop };
  }

  it('creates a missing lease, holds it, and releases it so a successor need not wait', async () => {
    const one = elector('free', 'one');
    await until(() => one.instance.isLeader(), 2_000, 'it leads');
    assert.equal(server.leases.get('free')?.spec.holderIdentity, 'one');

    await one.stop();
    await one.instance.release();

    assert.equal(server.leases.get('free')?.spec.holderIdentity, null);
    assert.deepEqual(
      one.changes.map((change) => change.leading),
      [true, false],
    );
  });

  it('takes over a lease only after its holder stopped renewing it for leaseDuration', async () => {
    const renewal = () =>
      server.put({
        metadata: { name: 'held', namespace: 'nsscaler-system' },
        spec: {
          holderIdentity: 'other',
          renewTime: new Date().toISOString(),
          leaseDurationSeconds: 2,
        },
      });
    renewal();
    const standby = elector('held', 'standby');
    for (let i = 0; i < 15; i += 1) {
      await pause(200);
      renewal();
    }
    assert.equal(standby.instance.isLeader(), false, 'never took a lease that is being renewed');
    const lastRenewal = Date.now();

    await until(() => standby.instance.isLeader(), 5_000, 'the standby took over');
    await standby.stop();

    const tookOverAfter = (standby.changes[0]?.at ?? 0) - lastRenewal;
    assert.ok(tookOverAfter >= 2_000, `took over ${tookOverAfter} ms after the last renewal`);
    assert.equal(server.leases.get('held')?.spec.holderIdentity, 'standby');
  });

  it('steps down before leaseDuration when the API server stops answering its renewals', async () => {
    const leader = elector('hang', 'leader');
    await until(() => leader.instance.isLeader(), 2_000, 'it leads');
    await pause(500);

    server.hung = true;
    const lastRenewal = server.renewedAt;
    await until(() => !leader.instance.isLeader(), 3_000, 'it stepped down');
    const steppedDownAfter = (leader.changes.at(-1)?.at ?? 0) - lastRenewal;
    server.hung = false;
    await leader.stop();

    assert.ok(
      steppedDownAfter < 2_000,
      `stepped down ${steppedDownAfter} ms after its last renewal, when a standby may take over`,
    );
  });

  it('does not start leading again when stopped while a renewal is in flight', async () => {
    const leader = elector('stopping', 'leader');
    await until(() => leader.instance.isLeader(), 2_000, 'it leads');

    server.hung = true;
    await pause(100);
    await leader.stop();
    server.hung = false;
    await pause(300);

    assert.deepEqual(
      leader.changes.map((change) => change.leading),
      [true],
    );
  });
});
