import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';

import { OpenBreakers } from './open-breakers.ts';

describe('OpenBreakers', () => {
  it('O4 follows the open and close events of the breakers it watches, by name', () => {
    const breakers = new OpenBreakers();
    const prometheus = new EventEmitter();
    const slack = new EventEmitter();
    breakers.watch(prometheus, 'prometheus/prom.monitoring:9090');
    breakers.watch(slack, 'notifications/slack/team-a/slack/url');
    let changes = 0;
    breakers.onChange(() => (changes += 1));

    prometheus.emit('open');
    slack.emit('open');
    prometheus.emit('halfOpen');
    slack.emit('open');

    assert.deepEqual(breakers.named('prometheus/'), ['prometheus/prom.monitoring:9090']);
    assert.deepEqual(breakers.named('notifications/slack/'), [
      'notifications/slack/team-a/slack/url',
    ]);
    assert.equal(changes, 2, 'an open breaker opening again is no change');

    prometheus.emit('close');
    assert.deepEqual(breakers.named('prometheus/'), []);
    assert.equal(changes, 3);
  });
});
