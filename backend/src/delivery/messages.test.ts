import type { UsageAlert } from '@spendscope/contracts';
import { describe, expect, it } from 'vitest';
import { emailMessage, slackMessage, webhookPayload } from './messages.ts';

const alert: UsageAlert = {
  id: 7,
  user_id: 'ana',
  type: 'limit_reached',
  metric: 'gemini_calls',
  provider: 'gemini',
  threshold_percentage: 100,
  severity: 'error',
  title: 'Gemini calls limit reached',
  message: 'Used 100 of 100 Gemini calls <this month>',
  billing_period: '2026-11',
  is_read: false,
  created_at: '2026-11-20T12:00:00.000Z',
};

describe('delivery messages', () => {
  it('gives webhooks the alert and the user id only', () => {
    const body = JSON.parse(webhookPayload({ kind: 'alert', alert }));
    expect(body).toEqual({
      type: 'alert.created',
      timestamp: alert.created_at,
      data: { user_id: 'ana', alert },
    });
  });

  it('writes Slack a text fallback and blocks, escaping its control characters', () => {
    const message = JSON.parse(slackMessage({ kind: 'alert', alert }));
    expect(message.text).toContain('Gemini calls limit reached');
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: alert.title } });
    expect(JSON.stringify(message.blocks)).toContain('&lt;this month&gt;');
  });

  it('sends one alert as itself and several as one digest, in text and HTML', () => {
    const one = emailMessage([{ kind: 'alert', alert }]);
    expect(one.subject).toBe('Spendscope: Gemini calls limit reached (error)');
    const digest = emailMessage([
      { kind: 'alert', alert },
      { kind: 'alert', alert: { ...alert, id: 8, threshold_percentage: 90, severity: 'warning' } },
    ]);
    expect(digest.subject).toBe('Spendscope: 2 alerts');
    expect(digest.text.match(/^- /gm)).toHaveLength(2);
    expect(digest.html).toContain('&lt;this month&gt;');
    expect(digest.html.match(/<li>/g)).toHaveLength(2);
  });
});
