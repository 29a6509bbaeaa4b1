import {
  type BillingSocketMessage,
  billingSocketMessageSchema,
  type UsageAlert,
  type UsageStats,
} from '@spendscope/contracts';
import type { UsageChange } from '../changes.ts';

/** What the hub needs of a WebSocket (the `ws` library's socket has all of it). */
export type HubSocket = {
  readonly bufferedAmount: number;
  readonly readyState: number;
  send(data: string): void;
  ping(): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
};

/** A socket joined to a user's channel; the route forwards the socket's events to it. */
export type Member = {
  /** The socket answered a ping. */
  alive(): void;
  /** The socket closed; forget it. */
  leave(): void;
};

export type HubOptions = {
  changes: { subscribe(listener: (change: UsageChange) => void): () => void };
  /** The user's current UsageStats, fresh after any change that was published before the call. */
  loadStats(userId: string): Promise<UsageStats>;
  /** Least time between two updates to one user's sockets, in ms (default 100). */
  minGapMs?: number;
  /** Ping period; a socket that missed the previous ping is closed (default 30 s). */
  heartbeatMs?: number;
  /** A socket holding more unsent bytes than this is closed rather than queued for (default 1 MiB). */
  maxBufferedBytes?: number;
  /** Called with the number of open sockets whenever it changes. */
  onCount?(count: number): void;
  onError?(error: unknown, userId: string): void;
  now?(): number;
};

const OPEN = 1;
/** Close codes: 1011 the server failed, 1013 try again later (the client reads too slowly). */
export const CLOSE_SERVER_ERROR = 1011;
export const CLOSE_TRY_AGAIN_LATER = 1013;

type Subscriber = { socket: HubSocket; needsInitial: boolean; isAlive: boolean };

type Channel = {
  userId: string;
  members: Set<Subscriber>;
  /** A change touched the user since the last update was loaded. */
  isDirty: boolean;
  alerts: UsageAlert[];
  nextUpdateAt: number;
  isLoading: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
};

/**
 * Pushes each user's live usage to their sockets. Every socket first gets the current UsageStats; after a
 * change touching the user, all of the user's sockets get one fresh `usage.updated` and an
 * `alert.created` per new alert. Updates are coalesced per user: at most one per `minGapMs`, the first
 * one at once. One load at a time per user, so messages on a socket are never out of order.
 */
export class BillingHub {
  private readonly channels = new Map<string, Channel>();
  private readonly unsubscribe: () => void;
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private readonly minGapMs: number;
  private readonly maxBufferedBytes: number;
  private readonly now: () => number;
  private count = 0;
  private isClosed = false;

  constructor(private readonly options: HubOptions) {
    this.minGapMs = options.minGapMs ?? 100;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
    this.now = options.now ?? (() => performance.now());
    this.unsubscribe = options.changes.subscribe((change) => this.onChange(change));
    this.heartbeat = setInterval(() => this.beat(), options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  /** Open sockets across all users. */
  get size(): number {
    return this.count;
  }

  /** Adds a socket to `userId`'s channel; it gets the current stats at once. */
  join(userId: string, socket: HubSocket): Member {
    if (this.isClosed) {
      socket.close(1001, 'server shutting down');
      return { alive() {}, leave() {} };
    }
    let channel = this.channels.get(userId);
    if (!channel) {
      channel = {
        userId,
        members: new Set(),
        isDirty: false,
        alerts: [],
        nextUpdateAt: Number.NEGATIVE_INFINITY,
        isLoading: false,
        timer: undefined,
      };
      this.channels.set(userId, channel);
    }
    const subscriber: Subscriber = { socket, needsInitial: true, isAlive: true };
    channel.members.add(subscriber);
    this.setCount(this.count + 1);
    this.schedule(channel);
    const joined = channel;
    let hasLeft = false;
    return {
      alive: () => {
        subscriber.isAlive = true;
      },
      leave: () => {
        if (hasLeft) return;
        hasLeft = true;
        joined.members.delete(subscriber);
        this.setCount(this.count - 1);
        this.dropIfEmpty(joined);
      },
    };
  }

  /** Stops listening, clears timers and closes every socket. */
  close(): void {
    this.isClosed = true;
    this.unsubscribe();
    clearInterval(this.heartbeat);
    for (const channel of this.channels.values()) {
      clearTimeout(channel.timer);
      for (const member of channel.members) member.socket.close(1001, 'server shutting down');
    }
    this.channels.clear();
  }

  private onChange(change: UsageChange): void {
    if (change.everything) {
      for (const channel of this.channels.values()) {
        channel.isDirty = true;
        this.schedule(channel);
      }
    }
    for (const { userId } of change.touched) {
      const channel = this.channels.get(userId);
      if (!channel) continue;
      channel.isDirty = true;
      this.schedule(channel);
    }
    for (const alert of change.newAlerts) {
      const channel = this.channels.get(alert.user_id);
      if (!channel) continue;
      channel.alerts.push(alert);
      channel.isDirty = true;
      this.schedule(channel);
    }
  }

  /** Arms the channel's timer for its next pass, if it has work and none is armed or running. */
  private schedule(channel: Channel): void {
    if (this.isClosed || channel.isLoading || channel.timer) return;
    const hasNewcomers = [...channel.members].some((m) => m.needsInitial);
    if (!channel.isDirty && !hasNewcomers) return;
    const delay = hasNewcomers ? 0 : Math.max(0, Math.ceil(channel.nextUpdateAt - this.now()));
    channel.timer = setTimeout(() => {
      channel.timer = undefined;
      void this.pass(channel);
    }, delay);
  }

  /** One load and send: an update to every socket when one is due, else the initial stats to newcomers. */
  private async pass(channel: Channel): Promise<void> {
    const isUpdate = channel.isDirty && this.now() >= channel.nextUpdateAt;
    const targets = [...channel.members].filter((m) => isUpdate || m.needsInitial);
    if (targets.length === 0) {
      // A timer may fire a little before the gap is over by our clock: try again when it is.
      this.schedule(channel);
      return;
    }
    const alerts = isUpdate ? channel.alerts.splice(0) : [];
    if (isUpdate) channel.isDirty = false;
    const newcomers = targets.filter((m) => m.needsInitial);
    for (const target of targets) target.needsInitial = false;
    channel.isLoading = true;
    try {
      const stats = await this.options.loadStats(channel.userId);
      if (isUpdate) channel.nextUpdateAt = this.now() + this.minGapMs;
      const messages = [
        encode({ type: 'usage.updated', data: stats }),
        ...alerts.map((alert) => encode({ type: 'alert.created', data: alert })),
      ];
      for (const target of targets) {
        if (!channel.members.has(target)) continue;
        for (const message of messages) {
          if (!this.deliver(target, message)) break;
        }
      }
    } catch (error) {
      this.options.onError?.(error, channel.userId);
      // Without its first stats a socket is of no use; a failed update is retried with the next change.
      for (const newcomer of newcomers) newcomer.socket.close(CLOSE_SERVER_ERROR, 'could not load usage');
    } finally {
      channel.isLoading = false;
      if (!this.dropIfEmpty(channel)) this.schedule(channel);
    }
  }

  /** Sends, or closes a socket that is not reading: the server never queues without bound. */
  private deliver(subscriber: Subscriber, message: string): boolean {
    const { socket } = subscriber;
    if (socket.readyState !== OPEN) return false;
    if (socket.bufferedAmount > this.maxBufferedBytes) {
      socket.close(CLOSE_TRY_AGAIN_LATER, 'reading too slowly; reconnect');
      socket.terminate();
      return false;
    }
    socket.send(message);
    return true;
  }

  private beat(): void {
    for (const channel of this.channels.values()) {
      for (const member of channel.members) {
        if (!member.isAlive) {
          member.socket.terminate();
          continue;
        }
        member.isAlive = false;
        if (member.socket.readyState === OPEN) member.socket.ping();
      }
    }
  }

  private dropIfEmpty(channel: Channel): boolean {
    if (channel.members.size > 0 || channel.isLoading) return false;
    clearTimeout(channel.timer);
    if (this.channels.get(channel.userId) === channel) this.channels.delete(channel.userId);
    return true;
  }

  private setCount(count: number): void {
    this.count = count;
    this.options.onCount?.(count);
  }
}

/** Serializes a message after checking it against the contract, so a client never gets a bad one. */
function encode(message: BillingSocketMessage): string {
  return JSON.stringify(billingSocketMessageSchema.parse(message));
}
