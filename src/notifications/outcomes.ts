import type { Notifications } from '../gen/namespace-scaling-policy.ts';
import type { NotificationOutcome } from './types.ts';

/** Every outcome that is a failure: what `notifications.on` means when it is left out. */
export const failureOutcomes: readonly NotificationOutcome[] = [
  'SleepFailed',
  'WakeFailed',
  'HealthCheckFailed',
  'RolledBack',
  'RestoreIncomplete',
  'Contested',
];

/**
 * Whether a policy asked to be told about `outcome`: the outcomes listed in `notifications.on`,
 * or every failure when the list is absent. An empty list selects nothing.
 */
export function isOutcomeSelected(
  spec: Pick<Notifications, 'on'> | undefined,
  outcome: NotificationOutcome,
): boolean {
  const selected = spec?.on ?? failureOutcomes;
  return selected.includes(outcome);
}

/** Words for people, used in subjects: `WakeFailed` reads "Wake failed". */
export const outcomeTitles: Readonly<Record<NotificationOutcome, string>> = {
  SleepFailed: 'Sleep failed',
  WakeFailed: 'Wake failed',
  HealthCheckFailed: 'Health check failed',
  RolledBack: 'Rolled back',
  RestoreIncomplete: 'Restore incomplete',
  Contested: 'Change contested',
  Transition: 'State changed',
};
