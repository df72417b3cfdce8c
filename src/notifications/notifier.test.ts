import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Notifier } from './notifier.ts';
import type { NotifierOptions } from './notifier.ts';
import {
  FakeChannel,
  metricValue,
  deferred,
  freshMetrics,
  hangUntilAborted,
  wakeFailure,
} from './testing/fixtures.ts';

const noSecrets = () => Promise.reject(new Error('no Secret in this test'));

function notifierWith(channels: FakeChannel[], options: Partial<NotifierOptions> = {}) {
  const metrics = freshMetrics();
  const notifier = new Notifier({
    readSecret: noSecrets,
    metrics,
    channelsFor: () => channels,
    delivery: { retryDelayMs: 1 },
    ...options,
  });
  return { notifier, metrics };
}

describe('Notifier: what is sent', () => {
  it('O4: sends a selected failure to every configured channel, once', async () => {
    const slack = new FakeChannel('slack');
    const email = new FakeChannel('email');
    const { notifier, metrics } = notifierWith([slack, email]);

    const result = notifier.notify({}, wakeFailure());
    await notifier.idle();

    assert.deepEqual(result, { decision: 'Queued', channels: ['slack', 'email'] });
    assert.equal(slack.attempts.length, 1);
    assert.equal(email.attempts.length, 1);
    assert.equal(slack.attempts[0]?.message.notification.namespace, 'team-a');
    assert.equal(await metricValue(metrics.notifications, { channel: 'slack', result: 'sent' }), 1);
    assert.equal(await metricValue(metrics.notifications, { channel: 'email', result: 'sent' }), 1);
    await notifier.close();
  });

  it('sends nothing for an outcome that notifications.on leaves out', async () => {
    const channel = new FakeChannel();
    const { notifier } = notifierWith([channel]);

    const transition = notifier.notify({}, wakeFailure({ outcome: 'Transition' }));
    const notListed = notifier.notify({ on: ['RolledBack'] }, wakeFailure());
    await notifier.idle();

    assert.equal(transition.decision, 'NotSelected');
    assert.equal(notListed.decision, 'NotSelected');
    assert.equal(channel.attempts.length, 0);
    await notifier.close();
  });

  it('sends a Transition when notifications.on lists it', async () => {
    const channel = new FakeChannel();
    const { notifier } = notifierWith([channel]);

    const result = notifier.notify({ on: ['Transition'] }, wakeFailure({ outcome: 'Transition' }));
    await notifier.idle();

    assert.equal(result.decision, 'Queued');
    assert.equal(channel.attempts.length, 1);
    await notifier.close();
  });

  it('says NoChannel for a policy without slack or email', async () => {
    const notifier = new Notifier({ readSecret: noSecrets });

    assert.deepEqual(notifier.notify({ events: true }, wakeFailure()), {
      decision: 'NoChannel',
      channels: [],
    });
    await notifier.close();
  });

  it('suppresses a duplicate within the window, counts it as suppressed, and sends it again after', async () => {
    const clock = { now: 0 };
    const channel = new FakeChannel('slack');
    const { notifier, metrics } = notifierWith([channel], { now: () => clock.now });

    notifier.notify({}, wakeFailure());
    clock.now = 9 * 60_000;
    const repeat = notifier.notify({}, wakeFailure({ correlationId: 'next-reconcile' }));
    clock.now = 10 * 60_000;
    const afterWindow = notifier.notify({}, wakeFailure());
    await notifier.idle();

    assert.equal(repeat.decision, 'Duplicate');
    assert.equal(afterWindow.decision, 'Queued');
    assert.equal(channel.attempts.length, 2);
    const suppressed = { channel: 'slack', result: 'suppressed' };
    assert.equal(await metricValue(metrics.notifications, suppressed), 1);
    await notifier.close();
  });
});

describe('Notifier: the caller never waits', () => {
  it('notify returns before a hanging channel has answered', async () => {
    const channel = new FakeChannel('slack', hangUntilAborted);
    const { notifier } = notifierWith([channel], {
      breaker: { timeoutMs: 50 },
      delivery: { maxAttempts: 1 },
    });

    const result = notifier.notify({}, wakeFailure());

    assert.ok(!(result instanceof Promise), 'notify must not return a promise to wait on');
    assert.equal(result.decision, 'Queued');
    assert.equal(channel.attempts[0]?.signal.aborted ?? false, false);
    await notifier.idle();
    await notifier.close();
  });

  it('a slow destination does not hold back another one', async () => {
    const slow = new FakeChannel('email', hangUntilAborted);
    const fastReached = deferred();
    const fast = new FakeChannel('slack', () => {
      fastReached.resolve();
      return Promise.resolve();
    });
    const { notifier } = notifierWith([slow, fast], {
      breaker: { timeoutMs: 5_000 },
      delivery: { maxAttempts: 1 },
    });

    notifier.notify({}, wakeFailure());
    const winner = await Promise.race([
      fastReached.promise.then(() => 'fast'),
      new Promise((resolve) => setTimeout(() => resolve('timer'), 1_000)),
    ]);

    assert.equal(winner, 'fast');
    await notifier.close(0);
  });

  it('a full queue drops the oldest waiting message and counts it as dropped', async () => {
    const release = deferred();
    const channel = new FakeChannel('slack', (attempt) =>
      attempt === 1 ? release.promise : Promise.resolve(),
    );
    const { notifier, metrics } = notifierWith([channel], { delivery: { maxQueued: 2 } });

    for (const summary of ['first', 'second', 'third', 'fourth']) {
      notifier.notify({}, wakeFailure({ summary }));
    }
    release.resolve();
    await notifier.idle();

    const sent = channel.attempts.map((a) => a.message.notification.summary);
    assert.deepEqual(sent, ['first', 'third', 'fourth']);
    assert.equal(await metricValue(metrics.notifications, { result: 'dropped' }), 1);
    await notifier.close();
  });

  it('close gives up on queued messages after the grace period and counts them as dropped', async () => {
    const channel = new FakeChannel('slack', hangUntilAborted);
    const { notifier, metrics } = notifierWith([channel], {
      breaker: { timeoutMs: 100 },
      delivery: { maxAttempts: 1 },
    });
    for (const summary of ['a', 'b', 'c']) notifier.notify({}, wakeFailure({ summary }));

    await notifier.close(10);

    assert.equal(channel.attempts.length, 1);
    assert.equal(await metricValue(metrics.notifications, { result: 'dropped' }), 2);
    assert.equal(await metricValue(metrics.notifications, { result: 'failed' }), 1);
    assert.equal(notifier.notify({}, wakeFailure({ summary: 'late' })).decision, 'Closed');
  });
});
