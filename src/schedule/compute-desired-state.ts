import type { NamespaceScalingPolicySpec } from '../gen/namespace-scaling-policy.ts';
import { InvalidPolicyError } from '../policy/problems.ts';
import { checkTimeZoneName } from '../policy/time-zones.ts';
import { parsePolicySpec } from '../policy/validate.ts';
import { createCronLayer } from './cron-layer.ts';
import { createHolidayLayer } from './holiday-layer.ts';
import { createOverrideLayer } from './override-layer.ts';
import {
  evaluate,
  findNextTransition,
  findSince,
  rememberStretches,
  type ScheduleLayer,
} from './timeline.ts';
import type { DesiredStateDecision } from './types.ts';
import { createWindowLayer } from './window-layer.ts';

/** A policy's schedule, parsed once and evaluated for any namespace at any instant. */
export interface CompiledSchedule {
  /** The zone the schedule is read in (S2), for status.effectiveTimeZone. */
  readonly timeZone: string;
  computeDesiredState(namespace: string, at: Date): DesiredStateDecision;
}

/**
 * The zone a policy's schedule is read in (S2): the policy's own, else the controller's configured
 * default, else UTC. Throws a RangeError when the default itself is not an accepted zone name.
 */
export function resolveEffectiveTimeZone(
  policyTimeZone: string | undefined,
  defaultTimeZone: string | undefined,
): string {
  if (defaultTimeZone !== undefined) {
    const problem = checkTimeZoneName(defaultTimeZone);
    if (problem !== undefined) throw new RangeError(`default time zone: ${problem}`);
  }
  return policyTimeZone ?? defaultTimeZone ?? 'UTC';
}

/**
 * Parses a policy spec into a schedule that answers, for a namespace and an instant, the desired
 * state, the rule that decided it, since when, and the next transition (S1-S9). Pure: the instant
 * is always given, nothing is read from the clock or the network.
 *
 * Throws InvalidPolicyError, listing every problem, when the spec is not valid.
 */
export function compileSchedule(
  spec: NamespaceScalingPolicySpec,
  defaultTimeZone?: string,
): CompiledSchedule {
  const parsed = parsePolicySpec(spec);
  if (!parsed.valid) throw new InvalidPolicyError(parsed.problems);
  const { policy } = parsed;
  const timeZone = resolveEffectiveTimeZone(policy.timeZone, defaultTimeZone);

  const base =
    policy.schedule.kind === 'windows'
      ? createWindowLayer(policy.schedule.windows, timeZone)
      : createCronLayer(policy.schedule, timeZone);
  const shared: ScheduleLayer[] = [
    rememberStretches(createHolidayLayer(policy.holidays, timeZone)),
    rememberStretches(base),
  ];

  return {
    timeZone,
    computeDesiredState(namespace: string, at: Date): DesiredStateDecision {
      const layers = [createOverrideLayer(policy.overrides, namespace), ...shared];
      const current = evaluate(layers, at.getTime());
      const since = findSince(layers, current);
      const next = findNextTransition(layers, current);

      return {
        state: current.verdict.state,
        reason: current.verdict.reason,
        since: since === null ? null : new Date(since),
        next: next === null ? null : { state: next.state, at: new Date(next.at) },
        timeZone,
      };
    },
  };
}

const compiledSchedules = new WeakMap<object, Map<string, CompiledSchedule>>();

/**
 * The desired state of one namespace under a policy at an instant (S1: a pure function of the
 * policy and the instant). Compiled schedules are kept per spec object, so calling this for every
 * namespace of a policy parses the policy once; a spec must not be changed after it is passed in.
 *
 * Throws InvalidPolicyError, listing every problem, when the spec is not valid.
 */
export function computeDesiredState(
  spec: NamespaceScalingPolicySpec,
  namespace: string,
  at: Date,
  defaultTimeZone?: string,
): DesiredStateDecision {
  let byDefaultZone = compiledSchedules.get(spec);
  if (byDefaultZone === undefined) {
    byDefaultZone = new Map();
    compiledSchedules.set(spec, byDefaultZone);
  }
  const key = defaultTimeZone ?? '';
  let schedule = byDefaultZone.get(key);
  if (schedule === undefined) {
    schedule = compileSchedule(spec, defaultTimeZone);
    byDefaultZone.set(key, schedule);
  }
  return schedule.computeDesiredState(namespace, at);
}
