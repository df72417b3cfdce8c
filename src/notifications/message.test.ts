import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { composeMessage } from './message.ts';
import { escapeSlackText, slackPayload } from './slack-payload.ts';
import { wakeFailure } from './testing/fixtures.ts';

describe('notification messages', () => {
  it('O4: the text names the policy, namespace, what happened, what nsscaler did, the next step and the correlation id', () => {
    const notification = wakeFailure();

    const { text } = composeMessage(notification);

    assert.match(text, /^Policy: nightly$/m);
    assert.match(text, /^Namespace: team-a$/m);
    assert.match(text, /^Outcome: WakeFailed$/m);
    assert.ok(text.includes(`What happened: ${notification.summary}`));
    assert.ok(text.includes(`What nsscaler did: ${notification.action}`));
    assert.ok(text.includes(`Next step: ${notification.nextStep}`));
    assert.ok(text.includes(`Correlation id: ${notification.correlationId}`));
  });

  it('the subject says the outcome in words, the namespace and the policy', () => {
    const { subject } = composeMessage(wakeFailure({ outcome: 'HealthCheckFailed' }));

    assert.equal(subject, '[nsscaler] Health check failed: namespace team-a (policy nightly)');
  });

  it('the subject stays on one line, so a name with a line break cannot add a mail header', () => {
    const { subject } = composeMessage(wakeFailure({ policy: 'nightly\r\nBcc: x@example.com' }));

    assert.doesNotMatch(subject, /[\r\n]/);
  });

  it('the Slack text carries the same content, with markup characters escaped', () => {
    const notification = wakeFailure({ summary: 'p99 <1s & errors >5%' });

    const { text } = slackPayload(composeMessage(notification));

    assert.ok(text.includes('*What happened:* p99 &lt;1s &amp; errors &gt;5%'));
    assert.ok(text.includes(`*What nsscaler did:* ${notification.action}`));
    assert.ok(text.includes(`*Next step:* ${notification.nextStep}`));
    assert.ok(text.includes('`nightly`') && text.includes('`team-a`'));
    assert.ok(text.includes(`\`${notification.correlationId}\``));
  });

  it('escapes Slack markup so that "<!channel>" in a summary does not ping anyone', () => {
    assert.equal(escapeSlackText('<!channel> & <@U1>'), '&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });
});
