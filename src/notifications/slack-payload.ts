import { outcomeTitles } from './outcomes.ts';
import type { NotificationMessage } from './types.ts';

/** Slack reads `&`, `<` and `>` as markup; text from elsewhere is escaped so it shows as typed. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The JSON body of an incoming-webhook POST: one mrkdwn text, links not unfurled. */
export interface SlackPayload {
  text: string;
  unfurl_links: false;
  unfurl_media: false;
}

/** Formats a message for Slack: the same content as the email, with bold labels. */
export function slackPayload(message: NotificationMessage): SlackPayload {
  const n = message.notification;
  const field = (label: string, value: string) => `*${label}:* ${escapeSlackText(value)}`;
  const title = `${outcomeTitles[n.outcome]}: namespace ${n.namespace} (policy ${n.policy})`;

  const text = [
    `*[nsscaler] ${escapeSlackText(title)}*`,
    field('What happened', n.summary),
    field('What nsscaler did', n.action),
    field('Next step', n.nextStep),
    `Policy \`${escapeSlackText(n.policy)}\` · namespace \`${escapeSlackText(n.namespace)}\`` +
      ` · outcome ${n.outcome} · correlation id \`${escapeSlackText(n.correlationId)}\``,
  ].join('\n');

  return { text, unfurl_links: false, unfurl_media: false };
}
