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

/** Enough for any real policy; reaching it means a layer keeps reporting stretches that change nothing. */
const maxSteps = 10_000;

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
  // TODO(schedule): report "unknown" distinctly from "never" if a real policy ever reaches this.
  return null;
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
  return null;
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
