import { randomBytes } from 'node:crypto';
import type {
  Channel,
  CreateChannelRequest,
  CreateChannelResponse,
  DeliveriesPage,
  Delivery,
  UpdateChannelRequest,
} from '@spendscope/contracts';
import { DEFAULT_DELIVERIES_PAGE } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import {
  channelKindsOf,
  deleteChannelRow,
  getChannel,
  insertChannel,
  listOperatorChannels,
  newChannelId,
  updateChannelRow,
} from '../db/channels.ts';
import { deliveriesPage, getDelivery, insertTestDelivery, retryDeliveryNow } from '../db/deliveries.ts';
import type { ChannelRow, Database, DeliveryRow, NotificationChannelsTable } from '../db/schema.ts';
import { AppError, notFound } from '../errors.ts';
import type { SecretBox } from '../security/secretBox.ts';
import { channelUrlProblem, maskUrl, type UrlPolicy } from './channelTargets.ts';
import { encodeKeyset, readKeyset } from './cursor.ts';

export type ChannelDeps = { db: Kysely<Database>; secrets: SecretBox; urls: UrlPolicy; now: Date };

const iso = (ms: number) => new Date(Number(ms)).toISOString();

export function toChannel(row: ChannelRow): Channel {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    target: row.target,
    min_severity: row.min_severity,
    kinds: channelKindsOf(row) as Channel['kinds'],
    enabled: Number(row.enabled) === 1,
    disabled_reason: row.disabled_reason,
    created_at: iso(row.created_at),
  };
}

export function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    channel_id: row.channel_id,
    alert_id: row.alert_id === null ? null : Number(row.alert_id),
    status: row.status,
    attempts: Number(row.attempts),
    next_attempt_at:
      row.next_attempt_at === null || row.status === 'delivered' || row.status === 'dead'
        ? null
        : iso(row.next_attempt_at),
    last_error: row.last_error,
    last_status: row.last_status === null ? null : Number(row.last_status),
    created_at: iso(row.created_at),
    delivered_at: row.delivered_at === null ? null : iso(row.delivered_at),
  };
}

async function checkedUrl(url: string, urls: UrlPolicy): Promise<string> {
  const problem = await channelUrlProblem(url, urls);
  if (problem) throw new AppError('validation_error', `body.${problem}`);
  return url;
}

/** An operator channel, or a 404 (users' own email channels are not managed here). */
async function operatorChannel(db: Kysely<Database>, id: string): Promise<ChannelRow> {
  const row = await getChannel(db, id);
  if (!row || row.user_id !== null) throw notFound(`channel "${id}"`);
  return row;
}

/** The operator's channels. */
export async function listChannels(db: Kysely<Database>): Promise<{ channels: Channel[] }> {
  return { channels: (await listOperatorChannels(db)).map(toChannel) };
}

/**
 * Adds an operator channel after checking its URL (scheme, public address). A webhook channel gets a
 * new signing secret, returned here only; URLs and secrets are stored encrypted.
 */
export async function createChannel(
  deps: ChannelDeps,
  request: CreateChannelRequest,
): Promise<CreateChannelResponse> {
  const { db, secrets } = deps;
  let url: string | null = null;
  if (request.kind !== 'email') url = await checkedUrl(request.url, deps.urls);
  const secret = request.kind === 'webhook' ? `whsec_${randomBytes(32).toString('base64')}` : undefined;
  const row = await insertChannel(db, {
    id: newChannelId(),
    kind: request.kind,
    name: request.name,
    user_id: null,
    target: request.kind === 'email' ? request.to : maskUrl(url ?? ''),
    email_to: request.kind === 'email' ? request.to : null,
    url_enc: url === null ? null : secrets.seal(url),
    secret_enc: secret === undefined ? null : secrets.seal(secret),
    min_severity: request.min_severity,
    kinds: JSON.stringify(request.kinds ?? []),
    enabled: request.enabled === false ? 0 : 1,
    disabled_reason: null,
    paused_until: null,
    created_at: deps.now.getTime(),
  });
  return { channel: toChannel(row), ...(secret === undefined ? {} : { secret }) };
}

/** Changes an operator channel; enabling it clears why it was disabled. */
export async function updateChannel(
  deps: ChannelDeps,
  id: string,
  request: UpdateChannelRequest,
): Promise<{ channel: Channel }> {
  const existing = await operatorChannel(deps.db, id);
  const set: Partial<NotificationChannelsTable> = {};
  if (request.url !== undefined) {
    if (existing.kind === 'email') {
      throw new AppError('validation_error', 'body.url: an email channel has no url; give to instead');
    }
    const url = await checkedUrl(request.url, deps.urls);
    set.url_enc = deps.secrets.seal(url);
    set.target = maskUrl(url);
  }
  if (request.to !== undefined) {
    if (existing.kind !== 'email') {
      throw new AppError(
        'validation_error',
        `body.to: a ${existing.kind} channel has no address; give url instead`,
      );
    }
    set.email_to = request.to;
    set.target = request.to;
  }
  if (request.name !== undefined) set.name = request.name;
  if (request.min_severity !== undefined) set.min_severity = request.min_severity;
  if (request.kinds !== undefined) set.kinds = JSON.stringify(request.kinds);
  if (request.enabled !== undefined) {
    set.enabled = request.enabled ? 1 : 0;
    if (request.enabled) {
      set.disabled_reason = null;
      set.paused_until = null;
    }
  }
  const row = await updateChannelRow(deps.db, id, set);
  if (!row) throw notFound(`channel "${id}"`);
  return { channel: toChannel(row) };
}

/** Removes an operator channel and its delivery log. */
export async function deleteChannel(db: Kysely<Database>, id: string): Promise<void> {
  await operatorChannel(db, id);
  await deleteChannelRow(db, id);
}

/** Queues a test delivery to an enabled channel. */
export async function queueTestDelivery(
  db: Kysely<Database>,
  id: string,
  now: Date,
): Promise<{ delivery: Delivery }> {
  const channel = await operatorChannel(db, id);
  if (Number(channel.enabled) !== 1) {
    throw new AppError('conflict', `channel "${id}" is disabled; enable it to send a test`);
  }
  return { delivery: toDelivery(await insertTestDelivery(db, id, now.getTime())) };
}

const DELIVERIES_SCOPE = 'deliveries';

/** One page of a channel's deliveries, newest first, keyset-paged by (created_at, id). */
export async function listDeliveries(
  db: Kysely<Database>,
  channelId: string,
  options: { cursor?: string | undefined; limit?: number | undefined },
): Promise<DeliveriesPage> {
  await operatorChannel(db, channelId);
  const limit = options.limit ?? DEFAULT_DELIVERIES_PAGE;
  let before: { createdAt: number; id: string } | undefined;
  if (options.cursor !== undefined) {
    const parts = readKeyset(options.cursor);
    const match =
      parts?.scope === DELIVERIES_SCOPE ? /^(\d{1,16}),(msg_[A-Za-z0-9]{1,40})$/.exec(parts.key) : null;
    if (!match?.[1] || !match[2]) {
      throw new AppError('validation_error', 'query.cursor: not a cursor from a previous page of deliveries');
    }
    before = { createdAt: Number(match[1]), id: match[2] };
  }
  const rows = await deliveriesPage(db, channelId, { before, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    deliveries: page.map(toDelivery),
    next_cursor:
      rows.length > limit && last
        ? encodeKeyset(DELIVERIES_SCOPE, `${Number(last.created_at)},${last.id}`)
        : null,
  };
}

/** Makes a failed or dead delivery due now; 409 while it is being sent or once delivered. */
export async function retryDelivery(
  db: Kysely<Database>,
  id: string,
  now: Date,
): Promise<{ delivery: Delivery }> {
  const existing = await getDelivery(db, id);
  const channel = existing ? await getChannel(db, existing.channel_id) : undefined;
  if (!existing || !channel || channel.user_id !== null) throw notFound(`delivery "${id}"`);
  const row = await retryDeliveryNow(db, id, now.getTime());
  if (row === undefined) throw notFound(`delivery "${id}"`);
  if (row === null) {
    throw new AppError(
      'conflict',
      `delivery "${id}" is ${existing.status}; only a pending, failed or dead one can be retried`,
    );
  }
  return { delivery: toDelivery(row) };
}
