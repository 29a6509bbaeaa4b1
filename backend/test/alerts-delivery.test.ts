import {
  apiPath,
  channelsResponseSchema,
  createChannelResponseSchema,
  type Delivery,
  deliveriesResponseSchema,
  deliveryResponseSchema,
  errorBodySchema,
  usageBatchResponseSchema,
} from '@spendscope/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RETRY_BASE_MS, RETRY_JITTER } from '../src/domain/deliverySchedule.ts';
import { call, startTestServer, type TestServer } from './harness.ts';
import { startSlackReceiver, startSmtpReceiver, startWebhookReceiver } from './receivers.ts';

// The clock the server runs on: it starts at the real time (receivers check a signature's timestamp
// against theirs, within five minutes) and moves only when the test moves it.
let nowMs = Date.now();
const clock = () => new Date(nowMs);

let t: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
beforeAll(async () => {
  smtp = await startSmtpReceiver();
  t = await startTestServer({
    clock,
    env: {
      ALLOW_HTTP_CHANNELS: 'true',
      ALLOW_PRIVATE_CHANNEL_ADDRESSES: 'true',
      SMTP_URL: smtp.smtpUrl,
      SMTP_FROM: 'Spendscope <alerts@spendscope.test>',
    },
  });
});
// Each test starts at the real time again, so its signatures are fresh whatever the tests before it did.
beforeEach(() => {
  nowMs = Date.now();
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const admin = (path: string, options: { method?: string; body?: unknown } = {}) =>
  call(t.url, path, { token: t.adminToken, ...options });

async function createChannel(body: Record<string, unknown>) {
  const res = await admin(apiPath.adminChannels(), { body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return createChannelResponseSchema.parse(res.body);
}

async function deliveriesOf(channelId: string): Promise<Delivery[]> {
  const res = await admin(`${apiPath.adminChannelDeliveries(channelId)}?limit=200`);
  expect(res.status).toBe(200);
  return deliveriesResponseSchema.parse(res.body).deliveries;
}

let sequence = 0;
const geminiCall = (userId: string) => ({
  event_id: `delivery-${userId}-${++sequence}`,
  user_id: userId,
  provider: 'gemini',
  model: 'gemini-2.5-flash',
  input_tokens: 10,
  output_tokens: 5,
  occurred_at: clock().toISOString(),
});

describe('alerts delivered to webhooks, Slack and email', () => {
  it('delivers each alert once per channel when 200 concurrent reports push a user past 80, 90 and 100 %', async () => {
    const hook = await startWebhookReceiver();
    const slack = await startSlackReceiver();
    try {
      const webhook = await createChannel({
        kind: 'webhook',
        name: 'Ops hook',
        url: hook.url,
        min_severity: 'info',
      });
      expect(webhook.secret).toMatch(/^whsec_/);
      hook.setSecret(webhook.secret ?? '');
      const slackChannel = await createChannel({
        kind: 'slack',
        name: 'Ops Slack',
        url: slack.url,
        min_severity: 'warning',
      });
      expect(slackChannel.channel.target).toContain('/services/T012…/B045…/abcd…');
      const mailChannel = await createChannel({
        kind: 'email',
        name: 'Billing team',
        to: 'billing@ops.test',
        min_severity: 'info',
        kinds: ['limit_reached'],
      });
      // The user's own address: their alerts come to them (the Free plan's email alerts).
      const userId = 'crowd-user';
      expect(
        (await call(t.url, '/api/usage/events', { token: t.apiKey, body: { events: [geminiCall(userId)] } }))
          .status,
      ).toBe(200);
      const setEmail = await admin(apiPath.user(userId), {
        method: 'PUT',
        body: { email: 'crowd@user.test' },
      });
      expect(setEmail.status).toBe(200);

      // Free plan: 100 Gemini calls. 200 reports of one call each arrive at once.
      const replies = await Promise.all(
        Array.from({ length: 200 }, () =>
          call(t.url, '/api/usage/events', { token: t.apiKey, body: { events: [geminiCall(userId)] } }),
        ),
      );
      for (const reply of replies) expect(usageBatchResponseSchema.parse(reply.body).accepted).toBe(1);

      const alerts = await t.server.ctx.db
        .selectFrom('alerts')
        .selectAll()
        .where('user_id', '=', userId)
        .execute();
      const thresholds = alerts.filter((a) => a.metric === 'gemini_calls').map((a) => Number(a.threshold));
      expect(thresholds.sort((a, b) => a - b)).toEqual([80, 90, 100]);
      const rows = await t.server.ctx.db.selectFrom('alert_deliveries').selectAll().execute();
      const perChannel = (channelId: string) =>
        rows
          .filter((r) => r.channel_id === channelId)
          .map((r) => Number(r.alert_id))
          .sort();
      const ids = (list: typeof alerts) => list.map((a) => Number(a.id)).sort();
      expect(perChannel(webhook.channel.id)).toEqual(ids(alerts));
      expect(perChannel(slackChannel.channel.id)).toEqual(ids(alerts.filter((a) => a.severity !== 'info')));
      expect(perChannel(mailChannel.channel.id)).toEqual(
        ids(alerts.filter((a) => a.type === 'limit_reached')),
      );
      const userChannel = rows.find(
        (r) => ![webhook, slackChannel, mailChannel].some((c) => c.channel.id === r.channel_id),
      );
      expect(
        rows
          .filter((r) => r.channel_id === userChannel?.channel_id)
          .map((r) => Number(r.alert_id))
          .sort(),
      ).toEqual(ids(alerts));

      // HTTP deliveries are due at once; emails wait for the digest window.
      await t.server.ctx.delivery.drain();
      expect([...hook.processed.keys()].sort()).toEqual(
        rows
          .filter((r) => r.channel_id === webhook.channel.id)
          .map((r) => r.id)
          .sort(),
      );
      expect(hook.badSignatures).toEqual([]);
      const payloads = [...hook.processed.values()] as { type: string; data: Record<string, unknown> }[];
      for (const payload of payloads) {
        expect(payload.type).toBe('alert.created');
        expect(Object.keys(payload.data).sort()).toEqual(['alert', 'user_id']);
        expect(payload.data.user_id).toBe(userId);
      }
      expect(slack.messages).toHaveLength(perChannel(slackChannel.channel.id).length);
      expect(slack.messages.some((m) => m.text.includes(userId))).toBe(true);
      expect(smtp.mails).toHaveLength(0);

      nowMs += 31_000;
      await t.server.ctx.delivery.drain();
      const toUser = smtp.mails.filter((m) => m.to.includes('crowd@user.test'));
      const toTeam = smtp.mails.filter((m) => m.to.includes('billing@ops.test'));
      // Several alerts due together for one recipient: one digest, in plain text and HTML.
      expect(toUser).toHaveLength(1);
      expect(toUser[0]?.raw).toMatch(new RegExp(`Subject: Spendscope: ${alerts.length} alerts`));
      expect(toUser[0]?.raw).toContain('text/plain');
      expect(toUser[0]?.raw).toContain('text/html');
      expect(toTeam).toHaveLength(1);

      const all = await t.server.ctx.db.selectFrom('alert_deliveries').selectAll().execute();
      expect(all.every((r) => r.status === 'delivered')).toBe(true);
      // Nothing more is due, and nothing is sent again.
      nowMs += 3_600_000;
      expect((await t.server.ctx.delivery.drain()).claimed).toBe(0);
      expect(hook.requests).toHaveLength(hook.processed.size);
    } finally {
      await hook.close();
      await slack.close();
    }
  });

  it('retries a receiver that fails 3 times on the documented schedule, same webhook-id, delivered once', async () => {
    const hook = await startWebhookReceiver((n) => ({ status: n < 3 ? 503 : 200 }));
    try {
      const created = await createChannel({
        kind: 'webhook',
        name: 'Flaky',
        url: hook.url,
        min_severity: 'info',
      });
      hook.setSecret(created.secret ?? '');
      const queued = await admin(apiPath.adminChannelTest(created.channel.id), { method: 'POST' });
      expect(queued.status).toBe(202);
      const { delivery } = deliveryResponseSchema.parse(queued.body);

      const sentAt: number[] = [];
      for (let attempt = 1; attempt <= 4; attempt++) {
        sentAt.push(nowMs);
        await t.server.ctx.delivery.drain();
        const [row] = (await deliveriesOf(created.channel.id)).filter((d) => d.id === delivery.id);
        expect(row?.attempts).toBe(attempt);
        if (attempt < 4) {
          expect(row).toMatchObject({ status: 'failed', last_status: 503 });
          const wait = Date.parse(row?.next_attempt_at ?? '') - nowMs;
          const base = RETRY_BASE_MS * 2 ** (attempt - 1);
          expect(wait).toBeGreaterThanOrEqual(base * (1 - RETRY_JITTER));
          expect(wait).toBeLessThanOrEqual(base * (1 + RETRY_JITTER));
          // Just before it is due, nothing is sent.
          nowMs += wait - 1;
          expect((await t.server.ctx.delivery.drain()).claimed).toBe(0);
          nowMs += 1;
        } else {
          expect(row).toMatchObject({ status: 'delivered', last_status: 200, next_attempt_at: null });
        }
      }
      expect(hook.requests).toHaveLength(4);
      expect(new Set(hook.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([delivery.id]));
      expect(hook.requests.map((r) => Number(r.headers['webhook-timestamp']))).toEqual(
        sentAt.map((ms) => Math.floor(ms / 1000)),
      );
      expect(hook.processed.size).toBe(1);
      expect(hook.badSignatures).toEqual([]);
    } finally {
      await hook.close();
    }
  });

  it('stops and disables the channel when the receiver answers 410 Gone', async () => {
    const hook = await startWebhookReceiver(() => ({ status: 410 }));
    try {
      const created = await createChannel({
        kind: 'webhook',
        name: 'Gone',
        url: hook.url,
        min_severity: 'info',
      });
      await admin(apiPath.adminChannelTest(created.channel.id), { method: 'POST' });
      await admin(apiPath.adminChannelTest(created.channel.id), { method: 'POST' });
      await t.server.ctx.delivery.drain();
      const list = channelsResponseSchema.parse((await admin(apiPath.adminChannels())).body).channels;
      const channel = list.find((c) => c.id === created.channel.id);
      expect(channel?.enabled).toBe(false);
      expect(channel?.disabled_reason).toMatch(/410/);
      const log = await deliveriesOf(created.channel.id);
      expect(log.map((d) => d.status).sort()).toEqual(['dead', 'pending']);
      nowMs += 3_600_000;
      await t.server.ctx.delivery.drain();
      expect(hook.requests).toHaveLength(1);
      const refused = await admin(apiPath.adminChannelTest(created.channel.id), { method: 'POST' });
      expect(refused.status).toBe(409);
    } finally {
      await hook.close();
    }
  });

  it('holds a Slack channel for Retry-After when rate limited, without counting it as a failed attempt', async () => {
    const slack = await startSlackReceiver((n) =>
      n === 0 ? { status: 429, headers: { 'retry-after': '7' } } : { status: 200 },
    );
    try {
      const created = await createChannel({
        kind: 'slack',
        name: 'Busy Slack',
        url: slack.url,
        min_severity: 'info',
      });
      await admin(apiPath.adminChannelTest(created.channel.id), { method: 'POST' });
      await admin(apiPath.adminChannelTest(created.channel.id), { method: 'POST' });
      await t.server.ctx.delivery.drain();
      expect(slack.requests).toHaveLength(1);
      nowMs += 6_999;
      expect((await t.server.ctx.delivery.drain()).claimed).toBe(0);
      nowMs += 1;
      await t.server.ctx.delivery.drain();
      const log = await deliveriesOf(created.channel.id);
      expect(log.map((d) => [d.status, d.attempts])).toEqual([
        ['delivered', 1],
        ['delivered', 1],
      ]);
      expect(slack.messages).toHaveLength(2);
    } finally {
      await slack.close();
    }
  });

  it('retries a dead delivery on request and pages the log', async () => {
    const hook = await startWebhookReceiver((n) => ({ status: n === 0 ? 410 : 200 }));
    try {
      const created = await createChannel({
        kind: 'webhook',
        name: 'Revived',
        url: hook.url,
        min_severity: 'info',
      });
      hook.setSecret(created.secret ?? '');
      const { delivery } = deliveryResponseSchema.parse(
        (await admin(apiPath.adminChannelTest(created.channel.id), { method: 'POST' })).body,
      );
      await t.server.ctx.delivery.drain();
      expect(
        (await admin(apiPath.adminChannel(created.channel.id), { method: 'PATCH', body: { enabled: true } }))
          .status,
      ).toBe(200);
      const retried = await admin(apiPath.adminDeliveryRetry(delivery.id), { method: 'POST' });
      expect(deliveryResponseSchema.parse(retried.body).delivery.status).toBe('pending');
      await t.server.ctx.delivery.drain();
      expect(hook.processed.has(delivery.id)).toBe(true);
      const again = await admin(apiPath.adminDeliveryRetry(delivery.id), { method: 'POST' });
      expect(again.status).toBe(409);

      // Newest first: three later test deliveries fill the first page.
      for (let i = 0; i < 3; i++) {
        nowMs += 1000;
        await admin(apiPath.adminChannelTest(created.channel.id), { method: 'POST' });
      }
      const first = deliveriesResponseSchema.parse(
        (await admin(`${apiPath.adminChannelDeliveries(created.channel.id)}?limit=3`)).body,
      );
      expect(first.deliveries).toHaveLength(3);
      expect(first.next_cursor).not.toBeNull();
      const second = deliveriesResponseSchema.parse(
        (
          await admin(
            `${apiPath.adminChannelDeliveries(created.channel.id)}?limit=3&cursor=${first.next_cursor}`,
          )
        ).body,
      );
      expect(second.deliveries.map((d) => d.id)).toEqual([delivery.id]);
      expect(second.next_cursor).toBeNull();
    } finally {
      await hook.close();
    }
  });

  it('keeps secrets encrypted at rest and never shows them again', async () => {
    const hook = await startWebhookReceiver();
    try {
      const created = await createChannel({
        kind: 'webhook',
        name: 'Secret',
        url: `${hook.url}?token=hunter2hunter2`,
        min_severity: 'info',
      });
      const secret = created.secret ?? '';
      const rows = JSON.stringify(
        await t.server.ctx.db.selectFrom('notification_channels').selectAll().execute(),
      );
      expect(rows).not.toContain(secret.slice(6));
      expect(rows).not.toContain('hunter2hunter2');
      const listed = JSON.stringify((await admin(apiPath.adminChannels())).body);
      expect(listed).not.toContain(secret.slice(6));
      expect(listed).not.toContain('hunter2hunter2');
      expect(listed).toContain('token=…');
    } finally {
      await hook.close();
    }
  });
});

describe("a user's own email address", () => {
  it("is set and cleared through the user update, and receives only that user's alerts", async () => {
    const userId = 'mail-me';
    await call(t.url, '/api/usage/events', { token: t.apiKey, body: { events: [geminiCall(userId)] } });
    const set = await admin(apiPath.user(userId), { method: 'PUT', body: { email: 'me@user.test' } });
    expect(set.status).toBe(200);
    expect((set.body as { user: { email?: string } }).user.email).toBe('me@user.test');
    const own = await t.server.ctx.db
      .selectFrom('notification_channels')
      .selectAll()
      .where('user_id', '=', userId)
      .execute();
    expect(own.map((c) => c.email_to)).toEqual(['me@user.test']);
    // Not among the operator's channels.
    const listed = channelsResponseSchema.parse((await admin(apiPath.adminChannels())).body).channels;
    expect(listed.some((c) => c.id === own[0]?.id)).toBe(false);
    const bad = await admin(apiPath.user(userId), { method: 'PUT', body: { email: 'nope' } });
    expect(bad.status).toBe(400);
    const cleared = await admin(apiPath.user(userId), { method: 'PUT', body: { email: null } });
    expect(cleared.status).toBe(200);
    expect((cleared.body as { user: { email?: string } }).user.email).toBeUndefined();
    expect(
      await t.server.ctx.db
        .selectFrom('notification_channels')
        .selectAll()
        .where('user_id', '=', userId)
        .execute(),
    ).toEqual([]);
  });
});

describe('bad channel input', () => {
  let strict: TestServer;
  beforeAll(async () => {
    strict = await startTestServer({
      env: { ALLOW_HTTP_CHANNELS: 'false', ALLOW_PRIVATE_CHANNEL_ADDRESSES: 'false' },
    });
  });
  afterAll(() => strict.close());

  const long = 'x'.repeat(3000);
  it.each([
    ['an invalid URL', { kind: 'webhook', name: 'a', url: 'not a url', min_severity: 'info' }],
    [
      'http when only https is allowed',
      { kind: 'webhook', name: 'a', url: 'http://93.184.216.34/h', min_severity: 'info' },
    ],
    ['a loopback address', { kind: 'webhook', name: 'a', url: 'https://127.0.0.1/h', min_severity: 'info' }],
    [
      'a name that resolves to loopback',
      { kind: 'slack', name: 'a', url: 'https://localhost/h', min_severity: 'info' },
    ],
    ['a private address', { kind: 'webhook', name: 'a', url: 'https://10.0.0.8/h', min_severity: 'info' }],
    [
      'the cloud metadata address',
      { kind: 'webhook', name: 'a', url: 'https://169.254.169.254/latest', min_severity: 'info' },
    ],
    ['an IPv6 loopback', { kind: 'webhook', name: 'a', url: 'https://[::1]/h', min_severity: 'info' }],
    [
      'credentials in the URL',
      { kind: 'webhook', name: 'a', url: 'https://u:p@93.184.216.34/h', min_severity: 'info' },
    ],
    [
      'an unknown kind',
      { kind: 'pagerduty', name: 'a', url: 'https://93.184.216.34/h', min_severity: 'info' },
    ],
    [
      'an unknown severity',
      { kind: 'webhook', name: 'a', url: 'https://93.184.216.34/h', min_severity: 'fatal' },
    ],
    ['a missing url', { kind: 'webhook', name: 'a', min_severity: 'info' }],
    ['a missing name', { kind: 'webhook', url: 'https://93.184.216.34/h', min_severity: 'info' }],
    ['an email channel without an address', { kind: 'email', name: 'a', min_severity: 'info' }],
    ['a bad email address', { kind: 'email', name: 'a', to: 'not-an-address', min_severity: 'info' }],
    [
      'an oversize name',
      { kind: 'webhook', name: long, url: 'https://93.184.216.34/h', min_severity: 'info' },
    ],
    [
      'an oversize URL',
      { kind: 'webhook', name: 'a', url: `https://93.184.216.34/${long}`, min_severity: 'info' },
    ],
    [
      'an unknown alert type',
      { kind: 'webhook', name: 'a', url: 'https://93.184.216.34/h', min_severity: 'info', kinds: ['x'] },
    ],
    [
      'an extra field',
      { kind: 'webhook', name: 'a', url: 'https://93.184.216.34/h', min_severity: 'info', secret: 'mine' },
    ],
  ])('refuses %s with 400 and stores nothing', async (_name, body) => {
    const res = await call(strict.url, apiPath.adminChannels(), { token: strict.adminToken, body });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(errorBodySchema.parse(res.body).error.code).toBe('validation_error');
    expect(await strict.server.ctx.db.selectFrom('notification_channels').selectAll().execute()).toEqual([]);
  });

  it('refuses a url for an email channel, and a private address on update', async () => {
    const email = await call(strict.url, apiPath.adminChannels(), {
      token: strict.adminToken,
      body: { kind: 'email', name: 'Team', to: 'team@ops.test', min_severity: 'info' },
    });
    const { channel } = createChannelResponseSchema.parse(email.body);
    const withUrl = await call(strict.url, apiPath.adminChannel(channel.id), {
      method: 'PATCH',
      token: strict.adminToken,
      body: { url: 'https://93.184.216.34/h' },
    });
    expect(withUrl.status).toBe(400);
    const hook = await call(strict.url, apiPath.adminChannels(), {
      token: strict.adminToken,
      body: { kind: 'webhook', name: 'Public', url: 'https://93.184.216.34/h', min_severity: 'info' },
    });
    const webhook = createChannelResponseSchema.parse(hook.body).channel;
    const inside = await call(strict.url, apiPath.adminChannel(webhook.id), {
      method: 'PATCH',
      token: strict.adminToken,
      body: { url: 'https://192.168.1.1/h' },
    });
    expect(inside.status).toBe(400);
    const after = channelsResponseSchema.parse(
      (await call(strict.url, apiPath.adminChannels(), { token: strict.adminToken })).body,
    );
    expect(after.channels.find((c) => c.id === webhook.id)?.target).toBe('https://93.184.216.34/h');
    expect(
      (
        await call(strict.url, apiPath.adminChannel('chn_nope'), {
          method: 'DELETE',
          token: strict.adminToken,
        })
      ).status,
    ).toBe(404);
  });
});
