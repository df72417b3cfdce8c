import type { NotificationOutcome } from '../notifications/types.ts';
import { currentOperationContext } from '../telemetry/context.ts';
import type { OperationDeps, OperationTarget } from './operation.ts';

/** What a notification tells a person; the policy, namespace and correlation id are added. */
export interface NotificationText {
  summary: string;
  action: string;
  nextStep: string;
}

/**
 * Hands a notification to the notifier for the policy's channels (O4). The notifier queues and
 * returns at once, so this never delays scaling; a notifier that throws is logged, never more.
 * The correlation id is the current reconcile's, the one its log lines and Events carry.
 */
export function notifyOutcome(
  deps: Pick<OperationDeps, 'notifier' | 'logger'>,
  target: OperationTarget,
  outcome: NotificationOutcome,
  text: NotificationText,
): void {
  if (!deps.notifier) return;
  const correlationId = currentOperationContext()?.correlationId ?? 'none';
  try {
    const result = deps.notifier.notify(target.spec.notifications, {
      policy: target.policyName,
      namespace: target.namespace,
      outcome,
      correlationId,
      ...text,
    });
    deps.logger.debug(
      { operation: 'notify', outcome, decision: result.decision, channels: result.channels },
      'notification decided',
    );
  } catch (err) {
    deps.logger.warn({ err, operation: 'notify', outcome }, 'could not queue a notification');
  }
}
