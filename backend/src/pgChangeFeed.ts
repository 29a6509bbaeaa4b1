import { randomUUID } from 'node:crypto';
import { type UsageAlert, usageAlertSchema } from '@spendscope/contracts';
import pg from 'pg';
import { z } from 'zod';
import { ChangeFeed, type UsageChange } from './changes.ts';

/** The NOTIFY channel; notifications stay inside one database, so each deployment has its own feed. */
export const CHANGES_CHANNEL = 'spendscope_changes';

/** How the listening connections show in pg_stat_activity. */
export const FEED_APPLICATION_NAME = 'spendscope-changes';

/** PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more; keep room for the envelope. */
const MAX_PAYLOAD_BYTES = 7800;
/** Notifications kept while the connection is down; older ones are dropped past this. */
const MAX_QUEUED = 10_000;
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5000;

/** One notification: the sending process, periods touched, alerts created. */
const envelopeSchema = z.object({
  o: z.string(),
  t: z.array(z.tuple([z.string(), z.string()])),
  a: z.array(usageAlertSchema),
});
type Envelope = z.infer<typeof envelopeSchema>;

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/**
 * Splits a change into notification payloads under PostgreSQL's size limit. An alert too large to travel
 * on its own (it never is in practice) still travels as its touched period, so other processes refresh.
 */
export function encodeChange(origin: string, change: UsageChange): string[] {
  const payloads: string[] = [];
  const empty = (): Envelope => ({ o: origin, t: [], a: [] });
  let current = empty();
  let size = bytes(current);
  const flush = () => {
    if (current.t.length + current.a.length > 0) payloads.push(JSON.stringify(current));
    current = empty();
    size = bytes(current);
  };
  const add = (item: [string, string] | UsageAlert, list: 't' | 'a') => {
    const itemSize = bytes(item) + 1;
    if (size + itemSize > MAX_PAYLOAD_BYTES) flush();
    (current[list] as unknown[]).push(item);
    size += itemSize;
  };
  const touched = change.touched.map((t): [string, string] => [t.userId, t.period]);
  for (const alert of change.newAlerts) {
    if (bytes(alert) + bytes(empty()) + 1 > MAX_PAYLOAD_BYTES)
      touched.push([alert.user_id, alert.billing_period]);
    else add(alert, 'a');
  }
  for (const item of touched) add(item, 't');
  flush();
  return payloads;
}

/** Reads a payload back; undefined for anything that is not one of ours. */
export function decodeChange(payload: string): { origin: string; change: UsageChange } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return undefined;
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) return undefined;
  return {
    origin: parsed.data.o,
    change: {
      touched: parsed.data.t.map(([userId, period]) => ({ userId, period })),
      newAlerts: parsed.data.a,
    },
  };
}

export type PgChangeFeedOptions = {
  /** Told about connection trouble; the feed reconnects by itself. */
  onError?(error: unknown): void;
};

/**
 * The change feed of a server process among several on one PostgreSQL database. A change is delivered
 * to this process's listeners at once, inside `publish`, and sent to the other processes with NOTIFY
 * (publish is called after commit, so they read committed data). Each process LISTENs on one dedicated
 * connection and skips its own notifications, so every process delivers each change exactly once.
 * Notifications sent while the connection is down wait in a bounded queue. Those other processes sent
 * meanwhile never reach this one, so once it listens again it delivers a change of `everything`: the read
 * cache drops every entry and each WebSocket client gets fresh totals.
 */
export class PgChangeFeed extends ChangeFeed {
  private readonly origin = randomUUID();
  private client: pg.Client | undefined;
  private readonly queue: string[] = [];
  private isSending = false;
  private isClosed = false;
  private reconnectDelay = RECONNECT_MIN_MS;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private hasListened = false;

  private constructor(
    private readonly url: string,
    private readonly options: PgChangeFeedOptions,
  ) {
    super();
  }

  /** Connects and starts listening; resolves once notifications of other processes are received. */
  static async open(url: string, options: PgChangeFeedOptions = {}): Promise<PgChangeFeed> {
    const feed = new PgChangeFeed(url, options);
    await feed.connect();
    return feed;
  }

  override publish(change: UsageChange): void {
    super.publish(change);
    if (this.isClosed) return;
    for (const payload of encodeChange(this.origin, change)) this.queue.push(payload);
    if (this.queue.length > MAX_QUEUED) this.queue.splice(0, this.queue.length - MAX_QUEUED);
    void this.send();
  }

  override async close(): Promise<void> {
    this.isClosed = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: FEED_APPLICATION_NAME });
    client.on('notification', (message) => {
      if (message.channel !== CHANGES_CHANNEL || !message.payload) return;
      const decoded = decodeChange(message.payload);
      if (!decoded || decoded.origin === this.origin) return;
      this.deliverSafely(decoded.change);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('change feed connection ended')));
    await client.connect();
    await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    this.client = client;
    this.reconnectDelay = RECONNECT_MIN_MS;
    if (this.hasListened) this.deliverSafely({ touched: [], newAlerts: [], everything: true });
    this.hasListened = true;
    void this.send();
  }

  /** Hands a change to this process's listeners; a listener's failure is reported, not thrown. */
  private deliverSafely(change: UsageChange): void {
    try {
      this.deliver(change);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private lost(client: pg.Client, error: unknown): void {
    if (this.isClosed || this.client !== client) return;
    this.client = undefined;
    this.options.onError?.(error);
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.isClosed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect().catch((error: unknown) => {
        this.options.onError?.(error);
        this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
        this.scheduleReconnect();
      });
    }, this.reconnectDelay);
    this.reconnectTimer.unref();
  }

  /** Sends queued notifications in order, one at a time, on the listening connection. */
  private async send(): Promise<void> {
    if (this.isSending) return;
    this.isSending = true;
    try {
      while (this.queue.length > 0 && this.client && !this.isClosed) {
        const client = this.client;
        try {
          await client.query('select pg_notify($1, $2)', [CHANGES_CHANNEL, this.queue[0]]);
          this.queue.shift();
        } catch (error) {
          // Kept in the queue; the connection's error handler reconnects and sending resumes.
          this.lost(client, error);
          return;
        }
      }
    } finally {
      this.isSending = false;
    }
  }
}
