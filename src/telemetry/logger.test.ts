import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';

import { withOperationContext } from './context.ts';
import { createLogger } from './logger.ts';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger('debug', stream) };
}

describe('logger', () => {
  it('writes the correlation id, policy and namespace of the current operation on every line', () => {
    const { lines, logger } = capture();

    withOperationContext({ correlationId: 'c-1', policy: 'nights', namespace: 'team-a' }, () =>
      logger.info('asleep'),
    );
    logger.info('outside');

    assert.equal(lines[0]?.correlationId, 'c-1');
    assert.equal(lines[0]?.policy, 'nights');
    assert.equal(lines[0]?.namespace, 'team-a');
    assert.equal(lines[1]?.correlationId, undefined);
  });

  it('O4 never writes an auth header carried by an error', () => {
    const { lines, logger } = capture();
    const err = Object.assign(new Error('Unauthorized'), {
      headers: { authorization: 'Bearer secret-token-123' },
    });

    logger.error({ err, headers: { authorization: 'Bearer other-secret' } }, 'request failed');

    const text = JSON.stringify(lines);
    assert.doesNotMatch(text, /secret-token-123|other-secret/);
    assert.match(text, /Unauthorized/);
  });
});
