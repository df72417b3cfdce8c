import type { DesiredState } from '../policy/types.ts';

export type { DesiredState };

/** Which rule decided the desired state (S7, S9). */
export type DecisionRule = 'override' | 'holiday' | 'window' | 'cron' | 'default';

export interface DecisionReason {
  rule: DecisionRule;
  /** The rule in words, for people: `sleep[0] Mon-Fri 22:00-06:00`. */
  detail: string;
  /** Position of the deciding item in spec.overrides, spec.holidays or spec.sleep. */
  index?: number;
}

/** The engine's answer for one namespace at one instant (S1, S9). */
export interface DesiredStateDecision {
  state: DesiredState;
  reason: DecisionReason;
  /**
   * When the namespace entered this state according to the policy; null when that lies before
   * anything the engine can see (for example under an override, or a state that never changes).
   */
  since: Date | null;
  /** The next change of state; null when the policy has no further change. */
  next: { state: DesiredState; at: Date } | null;
  /** The zone the schedule was read in: the policy's, else the default, else UTC (S2). */
  timeZone: string;
}
