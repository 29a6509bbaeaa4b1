import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/** What re-pricing reads of an event: its usage, when it happened, and how it is priced now. */
export type PricedEvent = {
  id: number;
  provider: string;
  model: string;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  cache_write_tokens: number;
  cache_write_1h_tokens: number;
  searches: number;
  pages: number;
  images: number;
  occurred_at: number;
  cost_nano: number;
  price_id: number | null;
  price_match: string | null;
};

/** The users with events in `period` (or just `userId`, when it has some), sorted. */
export async function usersWithEvents(db: Db, period: string, userId?: string): Promise<string[]> {
  let query = db.selectFrom('usage_events').select('user_id').distinct().where('billing_period', '=', period);
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  const rows = await query.orderBy('user_id').execute();
  return rows.map((r) => r.user_id);
}

/** One page of a user's events of a period, by id, above `afterId` (the user × period × id index). */
export async function pricedEventsPage(
  db: Db,
  options: { userId: string; period: string; afterId: number; limit: number },
): Promise<PricedEvent[]> {
  const rows = await db
    .selectFrom('usage_events')
    .select([
      'id',
      'provider',
      'model',
      'input_tokens',
      'output_tokens',
      'cached_tokens',
      'cache_write_tokens',
      'cache_write_1h_tokens',
      'searches',
      'pages',
      'images',
      'occurred_at',
      'cost_nano',
      'price_id',
      'price_match',
    ])
    .where('user_id', '=', options.userId)
    .where('billing_period', '=', options.period)
    .where('id', '>', options.afterId)
    .orderBy('id')
    .limit(options.limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    provider: r.provider,
    model: r.model,
    input_tokens: Number(r.input_tokens),
    output_tokens: Number(r.output_tokens),
    cached_tokens: Number(r.cached_tokens),
    cache_write_tokens: Number(r.cache_write_tokens),
    cache_write_1h_tokens: Number(r.cache_write_1h_tokens),
    searches: Number(r.searches),
    pages: Number(r.pages),
    images: Number(r.images),
    occurred_at: Number(r.occurred_at),
    cost_nano: Number(r.cost_nano),
    price_id: r.price_id === null ? null : Number(r.price_id),
    price_match: r.price_match,
  }));
}

/** Records an event's new price. The event's usage is never changed, only what it costs. */
export async function setEventPrice(
  db: Db,
  id: number,
  price: { cost_nano: number; price_id: number | null; price_match: string | null },
): Promise<void> {
  await db.updateTable('usage_events').set(price).where('id', '=', id).execute();
}
