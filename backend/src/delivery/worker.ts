import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Agent } from 'undici';
import type { Clock } from '../clock.ts';
import { toUsageAlert } from '../db/alerts.ts';
import { disableChannel, pauseChannel } from '../db/channels.ts';
import type { DialectName } from '../db/connection.ts';
import { claimDueDeliveries, completeDelivery, deliveryContext } from '../db/deliveries.ts';
import type { AlertRow, ChannelRow, Database, DeliveryRow } from '../db/schema.ts';
import { channelUrlProblem, publicOnlyLookup, type UrlPolicy } from '../domain/channelTargets.ts';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from '../domain/deliverySchedule.ts';
import type { SecretBox } from '../security/secretBox.ts';
import { type DeliveryContent, emailMessage, slackMessage, webhookPayload } from './messages.ts';
import { type Mailer, mailOutcome, postJson, type SendOutcome, webhookHeaders } from './senders.ts';

export type DeliveryWorkerOptions = {
  db: Kysely<Database>;
  dialect: DialectName;
  clock: Clock;
  secrets: SecretBox;
  urls: UrlPolicy;
  mailer?: Mailer | undefined;
  /** Jitter source in [0, 1) (tests pass a fixed one). */
  random?: () => number;
  /** How long a claim holds before another worker may take the row (it must outlast a send). */
  leaseMs?: number;
  /** How long one HTTP attempt may take. */
  timeoutMs?: number;
  /** Rows claimed per round. */
  batchSize?: number;
  onError?: (error: unknown) => void;
};

export type RoundResult = { claimed: number; delivered: number; failed: number };

/**
 * Delivers the outbox: each round claims the due deliveries (a lease, so a process that dies mid-send
 * loses nothing: the row is claimed again once the lease lapses), sends them (one email per recipient
 * for the ones due together), and records each outcome: delivered; retried later on the back-off
 * schedule; dead after the last attempt or when the receiver is gone (410, which disables the channel).
 * Every attempt of a delivery carries its id as `webhook-id`, so a receiver that de-duplicates gets
 * it once. Rounds run when `runOnce` is called (tests) or on a poll started by `start`.
 */
export class DeliveryWorker {
  private readonly o: Required<Omit<DeliveryWorkerOptions, 'mailer' | 'onError'>> &
    Pick<DeliveryWorkerOptions, 'mailer' | 'onError'>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  private pollMs = 1000;
  /** Connections whose resolver refuses private addresses (idle sockets do not hold the process). */
  private readonly agent: Agent | undefined;

  constructor(options: DeliveryWorkerOptions) {
    this.o = {
      random: Math.random,
      leaseMs: 60_000,
      timeoutMs: 10_000,
      batchSize: 50,
      ...options,
    };
    const lookup = publicOnlyLookup(options.urls);
    this.agent = lookup ? new Agent({ connect: { lookup } }) : undefined;
  }

  /** One round: claim what is due now and send it. */
  async runOnce(): Promise<RoundResult> {
    const now = this.o.clock().getTime();
    const token = randomBytes(12).toString('hex');
    const rows = await claimDueDeliveries(this.o.db, this.o.dialect, {
      now,
      leaseMs: this.o.leaseMs,
      limit: this.o.batchSize,
      token,
    });
    const result: RoundResult = { claimed: rows.length, delivered: 0, failed: 0 };
    if (rows.length === 0) return result;
    const { channels, alerts } = await deliveryContext(this.o.db, rows);
    const byChannel = new Map<string, DeliveryRow[]>();
    for (const row of rows) byChannel.set(row.channel_id, [...(byChannel.get(row.channel_id) ?? []), row]);
    await Promise.all(
      [...byChannel].map(async ([channelId, group]) => {
        const channel = channels.get(channelId);
        if (!channel) return;
        const counts = await this.sendGroup(channel, group, alerts, token);
        result.delivered += counts.delivered;
        result.failed += counts.failed;
      }),
    );
    return result;
  }

  /** Rounds until nothing more is due now (a bounded number, for tests and for catching up). */
  async drain(maxRounds = 100): Promise<RoundResult> {
    const total: RoundResult = { claimed: 0, delivered: 0, failed: 0 };
    for (let i = 0; i < maxRounds; i++) {
      const round = await this.runOnce();
      total.claimed += round.claimed;
      total.delivered += round.delivered;
      total.failed += round.failed;
      if (round.claimed < this.o.batchSize) break;
    }
    return total;
  }

  /** Polls every `pollMs` (and at once on `wake`) until `stop`. */
  start(pollMs: number): void {
    this.pollMs = pollMs;
    this.stopped = false;
    this.schedule(0);
  }

  /** Runs a round soon, e.g. because alerts were just raised. */
  wake(): void {
    if (!this.stopped && !this.running) this.schedule(0);
  }

  /** Stops polling and waits for the round in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.drain()
        .catch((error: unknown) => this.o.onError?.(error))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.pollMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  private contentOf(
    row: DeliveryRow,
    channel: ChannelRow,
    alerts: Map<number, AlertRow>,
  ): DeliveryContent | undefined {
    if (row.alert_id === null) {
      return { kind: 'test', channelId: channel.id, channelName: channel.name, at: this.o.clock() };
    }
    const alert = alerts.get(Number(row.alert_id));
    return alert ? { kind: 'alert', alert: toUsageAlert(alert) } : undefined;
  }

  /**
   * Sends one channel's claimed rows: email as one message (a digest when several), HTTP one after
   * another, so a 410 or 429 stops the rest of the group (they are put back, their attempt not counted).
   */
  private async sendGroup(
    channel: ChannelRow,
    group: DeliveryRow[],
    alerts: Map<number, AlertRow>,
    token: string,
  ): Promise<{ delivered: number; failed: number }> {
    const counts = { delivered: 0, failed: 0 };
    const tally = (outcome: SendOutcome) => {
      if (outcome.ok) counts.delivered++;
      else counts.failed++;
    };
    if (channel.kind === 'email') {
      const contents = group.map((row) => this.contentOf(row, channel, alerts));
      const outcome = await this.sendEmail(
        channel,
        contents.filter((c): c is DeliveryContent => c !== undefined),
      );
      for (const row of group) {
        await this.record(row, channel, outcome, token);
        tally(outcome);
      }
      return counts;
    }
    for (let i = 0; i < group.length; i++) {
      const row = group[i];
      if (!row) continue;
      const content = this.contentOf(row, channel, alerts);
      const outcome: SendOutcome = content
        ? await this.sendHttp(channel, row, content)
        : { ok: false, status: null, error: 'the alert no longer exists', permanent: true };
      await this.record(row, channel, outcome, token);
      tally(outcome);
      if (!outcome.ok && (outcome.gone || outcome.retryAfterMs !== undefined)) {
        const until = this.o.clock().getTime() + (outcome.retryAfterMs ?? 0);
        for (const rest of group.slice(i + 1)) {
          await completeDelivery(this.o.db, rest.id, token, {
            status: 'pending',
            attempts: Math.max(0, Number(rest.attempts) - 1),
            next_attempt_at: until,
          });
        }
        break;
      }
    }
    return counts;
  }

  private async sendHttp(
    channel: ChannelRow,
    row: DeliveryRow,
    content: DeliveryContent,
  ): Promise<SendOutcome> {
    let url: string;
    try {
      url = this.o.secrets.open(channel.url_enc ?? '');
    } catch {
      return {
        ok: false,
        status: null,
        error: "cannot decrypt the channel's URL (was SECRETS_KEY changed?)",
      };
    }
    const problem = await channelUrlProblem(url, this.o.urls);
    if (problem) return { ok: false, status: null, error: `refused: ${problem}` };
    const now = this.o.clock();
    if (channel.kind === 'slack') {
      return postJson({
        url,
        body: slackMessage(content),
        headers: {},
        timeoutMs: this.o.timeoutMs,
        now: now.getTime(),
        dispatcher: this.agent,
      });
    }
    let secret: string;
    try {
      secret = this.o.secrets.open(channel.secret_enc ?? '');
    } catch {
      return {
        ok: false,
        status: null,
        error: "cannot decrypt the channel's secret (was SECRETS_KEY changed?)",
      };
    }
    const body = webhookPayload(content);
    return postJson({
      url,
      body,
      headers: webhookHeaders(secret, row.id, now, body),
      timeoutMs: this.o.timeoutMs,
      now: now.getTime(),
      dispatcher: this.agent,
    });
  }

  private async sendEmail(channel: ChannelRow, contents: DeliveryContent[]): Promise<SendOutcome> {
    if (!this.o.mailer)
      return { ok: false, status: null, error: 'SMTP is not configured (set SMTP_URL or SMTP_HOST)' };
    if (!channel.email_to)
      return { ok: false, status: null, error: 'the channel has no address', permanent: true };
    try {
      await this.o.mailer.send({ to: channel.email_to, ...emailMessage(contents) });
      return { ok: true, status: 250 };
    } catch (error) {
      return mailOutcome(error);
    }
  }

  /** Stores an attempt's outcome (only while the claim is still this worker's). */
  private async record(
    row: DeliveryRow,
    channel: ChannelRow,
    outcome: SendOutcome,
    token: string,
  ): Promise<void> {
    const now = this.o.clock().getTime();
    const attempts = Number(row.attempts);
    const { db } = this.o;
    if (outcome.ok) {
      await completeDelivery(db, row.id, token, {
        status: 'delivered',
        delivered_at: now,
        next_attempt_at: null,
        last_status: outcome.status,
        last_error: null,
      });
      return;
    }
    const failure = { last_status: outcome.status, last_error: outcome.error.slice(0, 500) };
    if (outcome.gone) {
      await completeDelivery(db, row.id, token, { status: 'dead', next_attempt_at: null, ...failure });
      await disableChannel(db, channel.id, `the receiver answered 410 Gone (delivery ${row.id})`);
      return;
    }
    if (outcome.retryAfterMs !== undefined) {
      await pauseChannel(db, channel.id, now + outcome.retryAfterMs);
      await completeDelivery(db, row.id, token, {
        status: 'failed',
        attempts: Math.max(0, attempts - 1),
        next_attempt_at: now + outcome.retryAfterMs,
        ...failure,
      });
      return;
    }
    if (outcome.permanent || attempts >= MAX_DELIVERY_ATTEMPTS) {
      await completeDelivery(db, row.id, token, { status: 'dead', next_attempt_at: null, ...failure });
      return;
    }
    await completeDelivery(db, row.id, token, {
      status: 'failed',
      next_attempt_at: now + retryDelayMs(attempts, this.o.random()),
      ...failure,
    });
  }
}
