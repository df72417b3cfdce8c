import type { OverrideRule } from '../policy/types.ts';
import { lastIndexAtOrBefore } from './sorted-search.ts';
import type { LayerStretch, ScheduleLayer, Verdict } from './timeline.ts';

function verdictOf(override: OverrideRule, namespace: string): Verdict {
  const until = new Date(override.until).toISOString();
  const why = override.reason === undefined ? '' : `: ${override.reason}`;
  return {
    state: override.state,
    reason: {
      rule: 'override',
      detail: `overrides[${override.index}] keeps ${namespace} ${override.state} until ${until}${why}`,
      index: override.index,
    },
  };
}

/**
 * Overrides of one namespace (S8): an override applies from whenever it was added until its
 * `until`, when it expires by itself. An expired override has no say at all, so it never means
 * the opposite state. Of the unexpired overrides, the first in the list decides.
 */
export function createOverrideLayer(
  overrides: readonly OverrideRule[],
  namespace: string,
): ScheduleLayer {
  const applicable = overrides.filter(
    (override) => override.namespaces === undefined || override.namespaces.includes(namespace),
  );
  const expiries = applicable.map((override) => override.until).sort((a, b) => a - b);

  return {
    stretchAt(instant: number): LayerStretch {
      const deciding = applicable.find((override) => override.until > instant);
      return {
        verdict: deciding === undefined ? undefined : verdictOf(deciding, namespace),
        from: expiries[lastIndexAtOrBefore(expiries, instant)] ?? null,
        until: deciding?.until ?? null,
      };
    },
  };
}
