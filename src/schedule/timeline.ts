/**
 * The schedule as layers in order of precedence (S7): override > holiday > windows or cron. Each
 * layer says, for an instant, what it decides (or that it has no say) and over which stretch of
 * time that stays the same. The desired state at an instant is the verdict of the first layer with
 * a say; `since` and `next` are found by walking from stretch to stretch, never minute by minute.
 */
import type { DesiredState } from '../policy/types.ts';
import type { DecisionReason } from './types.ts';

export interface Verdict {
  state: DesiredState;
  reason: DecisionReason;
}

/**
 * What a layer says at an instant. The verdict is the same from `from` (inclusive) to `until`
 * (exclusive). `from` null: the same as far back as the layer can tell; `until` null: the same for
 * as long as the layer can tell. A stretch may end where the verdict does not actually change;
 * that costs a step, never a wrong answer.
 */
export interface LayerStretch {
  verdict: Verdict | undefined;
  from: number | null;
  until: number | null;
}

export interface ScheduleLayer {
  stretchAt(instant: number): LayerStretch;
}

export interface Evaluation {
  verdict: Verdict;
  from: number | null;
  until: number | null;
}

/**
 * The most steps one walk (findNextTransition, findSince) takes, with a wide margin over what a
 * valid policy can need. Why a walk is bounded: a step goes to the nearest boundary of the layers
 * consulted. The base layer (windows or cron) only reports boundaries where its own state flips:
 * windows merge overlapping occurrences and report `null` beyond their horizon (a weekly pattern
 * seen constant for 15 days is constant for good), cron reports the next run of the other
 * expression (or gives up early with `null`: see the TODO in cron-layer.ts). So while the base
 * layer decides, its next boundary changes the state; a step that changes nothing must be a
 * boundary of a holiday (its first or last day, 2 per holiday) or the expiry of an override (1
 * each). The CRD allows 400 holidays and 64 overrides, which
 * validatePolicySpec enforces, so a walk takes at most 2 * 400 + 64 + 1 = 865 steps before it
 * finds the change or learns there is none (`null`). Reaching maxSteps therefore means a layer
 * broke its contract, and is reported as an error rather than mistaken for "never".
 */
export const maxSteps = 10_000;

/** A walk along the timeline reached maxSteps: a bug in a layer, never a property of a policy. */
export class TimelineWalkError extends Error {
  override name = 'TimelineWalkError';
}

/**
 * The verdict at an instant and the stretch over which it cannot change: bounded by the deciding
 * layer's stretch and by the stretches of the layers above it (which may gain a say).
 */
export function evaluate(layers: readonly ScheduleLayer[], instant: number): Evaluation {
  let from: number | null = null;
  let until: number | null = null;

  for (const layer of layers) {
    const stretch = layer.stretchAt(instant);
    if (stretch.from !== null) from = from === null ? stretch.from : Math.max(from, stretch.from);
    if (stretch.until !== null) {
      until = until === null ? stretch.until : Math.min(until, stretch.until);
    }
    if (stretch.verdict !== undefined) return { verdict: stretch.verdict, from, until };
  }
  throw new Error('the last schedule layer must always have a say');
}

/** The first instant after the evaluated one at which the desired state differs from it. */
export function findNextTransition(
  layers: readonly ScheduleLayer[],
  current: Evaluation,
): { state: DesiredState; at: number } | null {
  let evaluation = current;

  for (let step = 0; step < maxSteps; step += 1) {
    if (evaluation.until === null) return null;
    const at = evaluation.until;
    evaluation = evaluate(layers, at);
    if (evaluation.verdict.state !== current.verdict.state) {
      return { state: evaluation.verdict.state, at };
    }
  }
  throw new TimelineWalkError(`no change of state within ${maxSteps} stretches`);
}

/** The instant the current desired state began, or null when it began before anything we can see. */
export function findSince(layers: readonly ScheduleLayer[], current: Evaluation): number | null {
  let evaluation = current;

  for (let step = 0; step < maxSteps; step += 1) {
    if (evaluation.from === null) return null;
    const from = evaluation.from;
    evaluation = evaluate(layers, from - 1);
    if (evaluation.verdict.state !== current.verdict.state) return from;
  }
  throw new TimelineWalkError(`no start of the state within ${maxSteps} stretches`);
}

/**
 * Remembers a layer's last answers. A layer shared by all namespaces of a policy is asked about the
 * same few instants for each of them (now, the next transition, the start of the state).
 */
export function rememberStretches(layer: ScheduleLayer, size = 64): ScheduleLayer {
  const remembered = new Map<number, LayerStretch>();
  return {
    stretchAt(instant: number): LayerStretch {
      let stretch = remembered.get(instant);
      if (stretch === undefined) {
        stretch = layer.stretchAt(instant);
        if (remembered.size >= size) remembered.delete(remembered.keys().next().value!);
        remembered.set(instant, stretch);
      }
      return stretch;
    },
  };
}
