import type { UsageAlert } from '@spendscope/contracts';

/** What one delivery carries: an alert (with its user id), or a test of the channel. */
export type DeliveryContent =
  | { kind: 'alert'; alert: UsageAlert }
  | { kind: 'test'; channelId: string; channelName: string; at: Date };

/**
 * The webhook body, in the Standard Webhooks shape `{ type, timestamp, data }`: the alert and its user
 * id, nothing more (docs/alerts-delivery.md).
 */
export function webhookPayload(content: DeliveryContent): string {
  if (content.kind === 'test') {
    return JSON.stringify({
      type: 'channel.test',
      timestamp: content.at.toISOString(),
      data: { channel_id: content.channelId },
    });
  }
  return JSON.stringify({
    type: 'alert.created',
    timestamp: content.alert.created_at,
    data: { user_id: content.alert.user_id, alert: content.alert },
  });
}

const SEVERITY_EMOJI = {
  info: ':information_source:',
  warning: ':warning:',
  error: ':rotating_light:',
} as const;

/** A Slack incoming-webhook message: a plain `text` fallback and Block Kit blocks. */
export function slackMessage(content: DeliveryContent): string {
  if (content.kind === 'test') {
    return JSON.stringify({
      text: `Spendscope test message for channel "${content.channelName}"`,
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `:white_check_mark: Spendscope can post to *${slackEscape(content.channelName)}*.`,
          },
        },
      ],
    });
  }
  const { alert } = content;
  return JSON.stringify({
    text: `${alert.title}: ${alert.message} (user ${alert.user_id})`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: alert.title.slice(0, 150) } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `${SEVERITY_EMOJI[alert.severity]} ${slackEscape(alert.message)}` },
      },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*User*\n${slackEscape(alert.user_id)}` },
          { type: 'mrkdwn', text: `*Limit*\n${slackEscape(alert.metric)}` },
          { type: 'mrkdwn', text: `*Threshold*\n${alert.threshold_percentage} %` },
          { type: 'mrkdwn', text: `*Period*\n${alert.billing_period}` },
        ],
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `Spendscope alert ${alert.id} · ${alert.severity}` }],
      },
    ],
  });
}

/** Slack's three control characters in mrkdwn. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function htmlEscape(text: string): string {
  return slackEscape(text).replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export type EmailMessage = { subject: string; text: string; html: string };

function describeLine(content: DeliveryContent): { title: string; detail: string } {
  if (content.kind === 'test') {
    return {
      title: 'Test message',
      detail: `Spendscope can send email to the channel "${content.channelName}".`,
    };
  }
  const { alert } = content;
  return {
    title: `${alert.title} (${alert.severity})`,
    detail: `${alert.message} User ${alert.user_id}, ${alert.billing_period}.`,
  };
}

/**
 * One email for the deliveries due together to one recipient: a single alert as itself, several as a
 * digest listing each. Plain text and HTML.
 */
export function emailMessage(contents: readonly DeliveryContent[]): EmailMessage {
  const lines = contents.map(describeLine);
  const first = lines[0] ?? { title: 'Spendscope', detail: '' };
  const subject = lines.length === 1 ? `Spendscope: ${first.title}` : `Spendscope: ${lines.length} alerts`;
  const text = [
    lines.length === 1 ? first.title : `${lines.length} Spendscope alerts:`,
    '',
    ...lines.flatMap((l) => (lines.length === 1 ? [l.detail] : [`- ${l.title}`, `  ${l.detail}`])),
    '',
  ].join('\n');
  const items = lines.map(
    (l) => `<li><strong>${htmlEscape(l.title)}</strong><br>${htmlEscape(l.detail)}</li>`,
  );
  const html = `<!doctype html><html><body><h1>${htmlEscape(
    lines.length === 1 ? first.title : `${lines.length} Spendscope alerts`,
  )}</h1><ul>${items.join('')}</ul></body></html>`;
  return { subject, text, html };
}
