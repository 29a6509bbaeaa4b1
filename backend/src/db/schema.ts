import type { Generated, Insertable, Selectable } from 'kysely';

/** Tables as Kysely sees them. Timestamps are integers (ms since epoch) in both dialects. */
export type Database = {
  users: UsersTable;
  plans: PlansTable;
  subscriptions: SubscriptionsTable;
  prices: PricesTable;
  usage_events: UsageEventsTable;
  usage_rollups: UsageRollupsTable;
  usage_period_totals: UsagePeriodTotalsTable;
  alerts: AlertsTable;
  api_keys: ApiKeysTable;
};

export type UsersTable = {
  id: string;
  display_name: string;
  timezone: string;
  role: 'user' | 'admin';
  created_at: number;
};

export type PlansTable = {
  id: string;
  name: string;
  tier: 'free' | 'basic' | 'pro' | 'enterprise';
  price_monthly_cents: number;
  price_yearly_cents: number;
  description: string;
  /** JSON array of strings. */
  features: string;
  /** JSON object: SubscriptionLimits (monthly_cost in dollars). */
  limits: string;
  sort_order: number;
};

export type SubscriptionsTable = {
  id: Generated<number>;
  user_id: string;
  plan_id: string;
  billing_cycle: 'monthly' | 'yearly';
  started_at: number;
  status: 'active' | 'cancelled';
};

export type PricesTable = {
  id: Generated<number>;
  provider: string;
  model: string;
  input_pico: number;
  output_pico: number;
  cached_pico: number | null;
  request_pico: number;
  search_pico: number;
  image_pico: number;
  page_pico: number;
  description: string | null;
  effective_from: number;
  effective_to: number | null;
  created_at: number;
};

export type UsageEventsTable = {
  id: Generated<number>;
  event_id: string;
  user_id: string;
  provider: string;
  model: string;
  endpoint: string | null;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  reasoning_tokens: number;
  searches: number;
  pages: number;
  images: number;
  response_time_ms: number | null;
  status_code: number;
  error: string | null;
  occurred_at: number;
  received_at: number;
  billing_period: string;
  cost_nano: number;
  price_id: number | null;
};

export type UsageRollupsTable = {
  user_id: string;
  billing_period: string;
  day: string;
  provider: string;
  model: string;
  calls: number;
  errors: number;
  unpriced_calls: number;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  reasoning_tokens: number;
  searches: number;
  pages: number;
  images: number;
  cost_nano: number;
  response_time_sum: number;
  response_time_count: number;
};

/** The measures of a rollup row: each is added to, never replaced, and sums over days and models. */
export const ROLLUP_MEASURES = [
  'calls',
  'errors',
  'unpriced_calls',
  'input_tokens',
  'output_tokens',
  'cached_tokens',
  'reasoning_tokens',
  'searches',
  'pages',
  'images',
  'cost_nano',
  'response_time_sum',
  'response_time_count',
] as const satisfies ReadonlyArray<keyof UsageRollupsTable>;

/** The rollups summed over days and models: one row per user × billing_period × provider. */
export type UsagePeriodTotalsTable = Omit<UsageRollupsTable, 'day' | 'model'>;

export type AlertsTable = {
  id: Generated<number>;
  user_id: string;
  billing_period: string;
  metric: string;
  threshold: number;
  type: 'usage_threshold' | 'limit_reached' | 'unpriced_usage';
  provider: string | null;
  severity: 'info' | 'warning' | 'error';
  title: string;
  message: string;
  created_at: number;
  read_at: number | null;
};

export type ApiKeysTable = {
  id: Generated<number>;
  name: string;
  /** sha256 of the key, hex. */
  key_hash: string;
  /** First characters of the key, to tell keys apart in listings. */
  prefix: string;
  created_at: number;
  revoked_at: number | null;
};

export type UserRow = Selectable<UsersTable>;
export type PriceRowDb = Selectable<PricesTable>;
export type NewUsageEvent = Insertable<UsageEventsTable>;
export type RollupRow = Selectable<UsageRollupsTable>;
export type AlertRow = Selectable<AlertsTable>;
