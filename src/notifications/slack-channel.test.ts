import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { NotificationError } from './errors.ts';
import { composeMessage } from './message.ts';
import { SlackChannel } from './slack-channel.ts';
import { wakeFailure } from './testing/fixtures.ts';

const webhookSecretRef = { namespace: 'nsscaler-system', name: 'slack', key: 'url' };

describe('SlackChannel', () => {
  it('is named by its Secret reference, never by the webhook URL', () => {
    const channel = new SlackChannel({ webhookSecretRef }, () => Promise.resolve({}));

    assert.equal(channel.kind, 'slack');
    assert.equal(channel.destination, 'nsscaler-system/slack/url');
  });

  it('O5: a Secret value that is not an http(s) URL is SecretInvalid, and the message does not repeat it', async () => {
    const value = 'ftp://hooks.example/T000/B000/s3cr3t';
    const channel = new SlackChannel({ webhookSecretRef }, () => Promise.resolve({ url: value }));

    await assert.rejects(
      channel.send(composeMessage(wakeFailure()), new AbortController().signal),
      (err: unknown) =>
        err instanceof NotificationError &&
        err.code === 'SecretInvalid' &&
        !err.message.includes('s3cr3t') &&
        err.cause === undefined,
    );
  });
});
