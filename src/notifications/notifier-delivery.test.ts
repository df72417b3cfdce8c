import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { NotificationError } from './errors.ts';
import { Notifier } from './notifier.ts';
import type { NotifierOptions } from './notifier.ts';
import {
  FakeChannel,
  capturingLogger,
  metricValue,
  freshMetrics,
  hangUntilAborted,
  wakeFailure,
} from './testing/fixtures.ts';

const unreachable = () =>
  Promise.reject(
    new NotificationError('connection refused', { code: 'Unreachable', channel: 'slack' }),
  );

function notifierWith(channel: FakeChannel, options: Partial<NotifierOptions> = {}) {
  const metrics = freshMetrics();
  const notifier = new Notifier({
    readSecret: () => Promise.resolve({}),
    metrics,
    channelsFor: () => [channel],
    ...options,
    delivery: { retryDelayMs: 1, ...options.delivery },
    breaker: { volumeThreshold: 100, ...options.breaker },
  });
  return { notifier, metrics };
}

describe('Notifier: retries, timeouts and the circuit breaker', () => {
  it('retries a failing channel a bounded number of times, then counts one failure', async () => {
    const channel = new FakeChannel('slack', unreachable);
    const { notifier, metrics } = notifierWith(channel, { delivery: { maxAttempts: 3 } });

    notifier.notify({}, wakeFailure());
    await notifier.idle();

    assert.equal(channel.attempts.length, 3);
    assert.equal(
      await metricValue(metrics.notifications, { channel: 'slack', result: 'failed' }),
      1,
    );
    assert.equal(await metricValue(metrics.notifications, { channel: 'slack', result: 'sent' }), 0);
    await notifier.close();
  });

  it('sends on a retry after a passing failure, and counts it as sent', async () => {
    const channel = new FakeChannel('slack', (attempt) =>
      attempt === 1 ? unreachable() : Promise.resolve(),
    );
    const { notifier, metrics } = notifierWith(channel);

    notifier.notify({}, wakeFailure());
    await notifier.idle();

    assert.equal(channel.attempts.length, 2);
    assert.equal(await metricValue(metrics.notifications, { channel: 'slack', result: 'sent' }), 1);
    await notifier.close();
  });

  it('does not retry a problem that needs a person, such as a Secret without the key', async () => {
    const channel = new FakeChannel('slack', () =>
      Promise.reject(
        new NotificationError('Secret has no key "url"', {
          code: 'SecretInvalid',
          channel: 'slack',
        }),
      ),
    );
    const { notifier, metrics } = notifierWith(channel, { delivery: { maxAttempts: 5 } });

    notifier.notify({}, wakeFailure());
    await notifier.idle();

    assert.equal(channel.attempts.length, 1);
    assert.equal(await metricValue(metrics.notifications, { result: 'failed' }), 1);
    await notifier.close();
  });

  it('aborts a send that outlasts the breaker timeout, and logs the failure with the notification fields', async () => {
    const channel = new FakeChannel('slack', hangUntilAborted);
    const { logger, lines } = capturingLogger();
    const { notifier } = notifierWith(channel, {
      logger,
      breaker: { timeoutMs: 30 },
      delivery: { maxAttempts: 1 },
    });

    notifier.notify({}, wakeFailure());
    await notifier.idle();

    assert.equal(channel.attempts[0]?.signal.aborted, true);
    const failure = lines.find((line) => line.msg === 'notification failed');
    assert.equal(failure?.level, 'warn');
    assert.equal(failure?.policy, 'nightly');
    assert.equal(failure?.namespace, 'team-a');
    assert.equal(failure?.correlationId, wakeFailure().correlationId);
    assert.equal((failure?.err as { code?: string } | undefined)?.code, 'Timeout');
    await notifier.close();
  });

  it('opens the breaker after repeated failures: later messages are not sent and fail at once', async () => {
    const channel = new FakeChannel('slack', unreachable);
    const { notifier, metrics } = notifierWith(channel, {
      breaker: { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 },
      delivery: { maxAttempts: 1 },
    });

    for (const summary of ['a', 'b', 'c', 'd']) notifier.notify({}, wakeFailure({ summary }));
    await notifier.idle();

    const breaker = { breaker: 'notifications/slack/test/slack' };
    assert.equal(channel.attempts.length, 2);
    assert.equal(await metricValue(metrics.notifications, { result: 'failed' }), 4);
    assert.equal(await metricValue(metrics.breakerState, breaker), 2);
    assert.equal(await metricValue(metrics.breakerEvents, { ...breaker, event: 'open' }), 1);
    assert.equal(await metricValue(metrics.breakerEvents, { ...breaker, event: 'reject' }), 2);
    await notifier.close();
  });

  it('lets a trial through after the reset timeout and closes the breaker when it succeeds', async () => {
    let failing = true;
    const channel = new FakeChannel('slack', () => (failing ? unreachable() : Promise.resolve()));
    const { notifier, metrics } = notifierWith(channel, {
      breaker: { volumeThreshold: 1, resetTimeoutMs: 50 },
      delivery: { maxAttempts: 1 },
    });
    notifier.notify({}, wakeFailure({ summary: 'first' }));
    await notifier.idle();

    failing = false;
    await new Promise((resolve) => setTimeout(resolve, 80));
    notifier.notify({}, wakeFailure({ summary: 'second' }));
    await notifier.idle();

    const breaker = { breaker: 'notifications/slack/test/slack' };
    assert.equal(await metricValue(metrics.breakerState, breaker), 0);
    assert.equal(await metricValue(metrics.breakerEvents, { ...breaker, event: 'halfOpen' }), 1);
    assert.equal(await metricValue(metrics.notifications, { result: 'sent' }), 1);
    await notifier.close();
  });

  it('a Secret problem does not open the breaker: it says nothing about the destination', async () => {
    const channel = new FakeChannel('slack', () =>
      Promise.reject(
        new NotificationError('Secret missing', { code: 'SecretUnreadable', channel: 'slack' }),
      ),
    );
    const { notifier, metrics } = notifierWith(channel, {
      breaker: { volumeThreshold: 1 },
      delivery: { maxAttempts: 1 },
    });

    for (const summary of ['a', 'b', 'c']) notifier.notify({}, wakeFailure({ summary }));
    await notifier.idle();

    assert.equal(channel.attempts.length, 3);
    const breaker = { breaker: 'notifications/slack/test/slack' };
    assert.equal(await metricValue(metrics.breakerState, breaker), 0);
    await notifier.close();
  });
});
