import assert from 'node:assert/strict';
import { it } from 'node:test';

import type { NamespaceScalingPolicySpec } from '../../gen/namespace-scaling-policy.ts';
import { computeDesiredState } from '../compute-desired-state.ts';
import type { DecisionRule, DesiredState } from '../types.ts';

/**
 * What a table row expects. Instants are ISO 8601 and may carry the local offset, which is how the
 * expected values are worked out by hand: `2026-03-29T03:00+02:00`; `next` is `Awake <instant>`.
 */
export interface ExpectedDecision {
  state: DesiredState;
  rule?: DecisionRule;
  index?: number;
  since?: string | null;
  next?: string | null;
}

function toIso(instant: string): string {
  return new Date(instant).toISOString();
}

/** A policy spec for tests: one namespace, `team-a`, and whatever the test adds. */
export function policy(fields: Partial<NamespaceScalingPolicySpec>): NamespaceScalingPolicySpec {
  return { namespaces: ['team-a'], ...fields };
}

/** Asserts the engine's decision at an instant, for the fields the row gives. */
export function assertDecision(
  spec: NamespaceScalingPolicySpec,
  at: string,
  expected: ExpectedDecision,
  namespace = 'team-a',
): void {
  const decision = computeDesiredState(spec, namespace, new Date(at));
  assert.ok(!Number.isNaN(new Date(at).getTime()), `bad instant in test: ${at}`);
  const actual: ExpectedDecision = {
    state: decision.state,
    rule: decision.reason.rule,
    index: decision.reason.index,
    since: decision.since === null ? null : decision.since.toISOString(),
    next:
      decision.next === null ? null : `${decision.next.state} ${decision.next.at.toISOString()}`,
  };
  const normalised: ExpectedDecision = { ...expected };
  if (typeof expected.since === 'string') normalised.since = toIso(expected.since);
  if (typeof expected.next === 'string') {
    const [state, instant] = expected.next.split(' ') as [string, string];
    normalised.next = `${state} ${toIso(instant)}`;
  }
  const compared = Object.fromEntries(
    Object.keys(expected).map((key) => [key, actual[key as keyof ExpectedDecision]]),
  );
  assert.deepEqual(compared, normalised, `decision at ${at}: ${decision.reason.detail}`);
}

/** One row of a decision table: the test's name, the instant, and what is expected then. */
export type DecisionRow = [name: string, at: string, expected: ExpectedDecision];

/** One test per row, all against the same policy. */
export function decisionTable(spec: NamespaceScalingPolicySpec, rows: DecisionRow[]): void {
  for (const [name, at, expected] of rows) it(name, () => assertDecision(spec, at, expected));
}
