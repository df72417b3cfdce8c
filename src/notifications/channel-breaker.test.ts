import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ChannelBreaker } from './channel-breaker.ts';
import { NotificationError } from './errors.ts';
import { composeMessage } from './message.ts';
import type { NotificationChannel } from './types.ts';

const message = composeMessage({
  policy: 'dev',
  namespace: 'team-a',
  outcome: 'WakeFailed',
  summary: 'it failed',
  action: 'rolled back',
  nextStep: 'look',
  correlationId: 'c-1',
});

function failingChannel(error: () => Error): NotificationChannel {
  return { kind: 'slack', destination: 'ns/s/k', send: () => Promise.reject(error()) };
}

const settings = {
  timeoutMs: 1_000,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 60_000,
  volumeThreshold: 2,
};

async function sendTimes(breaker: ChannelBreaker, channel: NotificationChannel, times: number) {
  for (let i = 0; i < times; i += 1) await breaker.send(channel, message).catch(() => undefined);
}

describe('ChannelBreaker', () => {
  it('O4 a Slack 404 or 409 refusal never opens the breaker', async () => {
    const breaker = new ChannelBreaker('notifications/slack/x', settings);
    for (const status of [404, 409]) {
      const refused = failingChannel(
        () =>
          new NotificationError(`the webhook answered ${status}`, {
            code: 'Refused',
            channel: 'slack',
          }),
      );
      await sendTimes(breaker, refused, 6);
    }
    assert.equal(breaker.state, 'closed');
    breaker.shutdown();
  });

  it('O4 a destination that cannot be reached opens the breaker', async () => {
    const breaker = new ChannelBreaker('notifications/slack/y', settings);
    const down = failingChannel(
      () => new NotificationError('unreachable', { code: 'Unreachable', channel: 'slack' }),
    );
    await sendTimes(breaker, down, 6);
    assert.equal(breaker.state, 'open');
    breaker.shutdown();
  });
});
