import type { Cron } from 'croner';

import { createCron } from '../policy/cron-expressions.ts';
import type { CronRule } from '../policy/types.ts';
import type { LayerStretch, ScheduleLayer } from './timeline.ts';

/** The last run at or before an instant. */
function lastRun(cron: Cron, instant: number): number | undefined {
  return cron.previousRuns(1, new Date(instant + 1))[0]?.getTime();
}

/** The first run strictly after an instant. */
function nextRun(cron: Cron, instant: number): number | undefined {
  return cron.nextRun(new Date(instant))?.getTime();
}

// TODO(schedule): after this many sleep runs in a row that a wake run cancels, the layer reports
// "no further sleep" (until null), which the timeline reads as "never". A pair such as
// sleep '0 * * * *' with wake '0 * * 1-11 *' cancels 8,000 runs before December's first sleep, so
// its next transition shows as null; the state at each instant is still right (S1).
const maxCoincidences = 1000;

/**
 * A cron schedule: the state is decided by whichever of cron.sleep and cron.wake fired last, so it
 * is level-triggered like windows (S1); a wake at the same minute as a sleep wins. Runs are found
 * by croner in the policy's zone, so DST gaps and folds follow S6.
 */
export function createCronLayer(rule: CronRule, zone: string): ScheduleLayer {
  const sleep = createCron(rule.sleep, zone);
  const wake = rule.wake === undefined ? undefined : createCron(rule.wake, zone);

  /** The next sleep run after an instant that no wake run cancels. */
  function nextEffectiveSleep(instant: number): number | null {
    let run = nextRun(sleep, instant);
    for (let step = 0; run !== undefined && step < maxCoincidences; step += 1) {
      if (wake === undefined || lastRun(wake, run) !== run) return run;
      run = nextRun(sleep, run);
    }
    return null;
  }

  return {
    stretchAt(instant: number): LayerStretch {
      const lastSleep = lastRun(sleep, instant);
      const lastWake = wake === undefined ? undefined : lastRun(wake, instant);

      if (lastSleep !== undefined && (lastWake === undefined || lastSleep > lastWake)) {
        const detail = `cron.sleep "${rule.sleep}" fired last, at ${new Date(lastSleep).toISOString()}`;
        return {
          verdict: { state: 'Asleep', reason: { rule: 'cron', detail } },
          from: lastWake === undefined ? null : (nextRun(sleep, lastWake) ?? null),
          until: wake === undefined ? null : (nextRun(wake, instant) ?? null),
        };
      }

      const until = nextEffectiveSleep(instant);
      if (lastWake !== undefined) {
        const detail = `cron.wake "${rule.wake}" fired last, at ${new Date(lastWake).toISOString()}`;
        let from: number | null = null;
        if (lastSleep !== undefined) {
          from = lastSleep === lastWake ? lastWake : (nextRun(wake!, lastSleep) ?? null);
        }
        return { verdict: { state: 'Awake', reason: { rule: 'cron', detail } }, from, until };
      }
      const detail = `cron.sleep "${rule.sleep}" has not fired yet`;
      return {
        verdict: { state: 'Awake', reason: { rule: 'default', detail } },
        from: null,
        until,
      };
    },
  };
}
