import { outcomeTitles } from './outcomes.ts';
import type { Notification, NotificationMessage } from './types.ts';

/** Subjects stay on one line: a line break in a mail header would start a new header. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Writes a notification for people: the subject names the outcome, namespace and policy; the
 * text says what happened, what nsscaler did, what to do next, and the correlation id that leads
 * to the controller's log lines and Events of the same operation.
 */
export function composeMessage(notification: Notification): NotificationMessage {
  const { policy, namespace, outcome } = notification;
  const subject = oneLine(
    `[nsscaler] ${outcomeTitles[outcome]}: namespace ${namespace} (policy ${policy})`,
  );

  const text = [
    subject,
    '',
    `What happened: ${notification.summary}`,
    `What nsscaler did: ${notification.action}`,
    `Next step: ${notification.nextStep}`,
    '',
    `Policy: ${policy}`,
    `Namespace: ${namespace}`,
    `Outcome: ${outcome}`,
    `Correlation id: ${notification.correlationId}`,
  ].join('\n');

  return { notification, subject, text };
}
