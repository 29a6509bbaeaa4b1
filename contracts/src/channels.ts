import { z } from 'zod';
import { alertSeveritySchema, alertTypeSchema } from './alerts.ts';
import { isoDateTimeSchema } from './common.ts';

/** Where alerts can be delivered. */
export const channelKindSchema = z.enum(['webhook', 'slack', 'email']);
export type ChannelKind = z.infer<typeof channelKindSchema>;

/** Where a delivery stands: queued, being sent, sent, waiting to be retried, or given up. */
export const deliveryStatusSchema = z.enum(['pending', 'sending', 'delivered', 'failed', 'dead']);
export type DeliveryStatus = z.infer<typeof deliveryStatusSchema>;

/** Longest channel name. */
export const MAX_CHANNEL_NAME_LENGTH = 100;
/** Longest channel URL. */
export const MAX_CHANNEL_URL_LENGTH = 2048;
/** Longest email address (RFC 5321's path limit). */
export const MAX_CHANNEL_EMAIL_LENGTH = 254;

/** Deliveries per page of a channel's log unless `limit` says otherwise. */
export const DEFAULT_DELIVERIES_PAGE = 50;
/** The most deliveries one page may hold. */
export const MAX_DELIVERIES_PAGE = 200;

const channelNameSchema = z
  .string()
  .trim()
  .min(1, 'name must not be empty')
  .max(MAX_CHANNEL_NAME_LENGTH, `name must be at most ${MAX_CHANNEL_NAME_LENGTH} characters`);

/**
 * A channel URL as written: http or https, no credentials in it. Whether http is allowed and whether the
 * host resolves to a public address is decided by the server (it depends on its settings and on DNS).
 */
export const channelUrlSchema = z
  .string()
  .max(MAX_CHANNEL_URL_LENGTH, `url must be at most ${MAX_CHANNEL_URL_LENGTH} characters`)
  .pipe(
    z.url({
      protocol: /^https?$/,
      error: 'url must be an http(s) URL with a host name, e.g. https://hooks.example.com/spendscope',
    }),
  )
  .refine((url) => !/^[a-z]+:\/\/[^/?#]*@/i.test(url), 'url must not carry a user name or password');

/** An email address a channel (or a user) receives alerts at. */
export const channelEmailSchema = z
  .string()
  .trim()
  .max(MAX_CHANNEL_EMAIL_LENGTH, `email address must be at most ${MAX_CHANNEL_EMAIL_LENGTH} characters`)
  .pipe(z.email('must be an email address such as ops@example.com'));

/** Alert types a channel receives; empty means all. */
const channelKindsFilterSchema = z
  .array(alertTypeSchema)
  .max(alertTypeSchema.options.length)
  .refine((kinds) => new Set(kinds).size === kinds.length, 'kinds must not repeat an alert type');

const channelCommonFields = {
  name: channelNameSchema,
  /** The least severe alert the channel receives. */
  min_severity: alertSeveritySchema,
  kinds: channelKindsFilterSchema.optional(),
  enabled: z.boolean().optional(),
};

/** `POST /api/admin/channels`: a webhook or Slack channel takes `url`, an email channel `to`. */
export const createChannelRequestSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('webhook'), url: channelUrlSchema, ...channelCommonFields }).strict(),
    z.object({ kind: z.literal('slack'), url: channelUrlSchema, ...channelCommonFields }).strict(),
    z.object({ kind: z.literal('email'), to: channelEmailSchema, ...channelCommonFields }).strict(),
  ],
  { error: "kind must be one of 'webhook', 'slack', 'email'" },
);
export type CreateChannelRequest = z.infer<typeof createChannelRequestSchema>;

/** `PATCH /api/admin/channels/:channelId`: `url` only for webhook/Slack channels, `to` only for email. */
export const updateChannelRequestSchema = z
  .object({
    name: channelNameSchema.optional(),
    url: channelUrlSchema.optional(),
    to: channelEmailSchema.optional(),
    min_severity: alertSeveritySchema.optional(),
    kinds: channelKindsFilterSchema.optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine(
    (body) => Object.keys(body).length > 0,
    'give at least one of name, url, to, min_severity, kinds, enabled',
  );
export type UpdateChannelRequest = z.infer<typeof updateChannelRequestSchema>;

/** A notification channel as the API shows it; its secret and any secret part of its URL never appear. */
export const channelSchema = z.object({
  id: z.string(),
  kind: channelKindSchema,
  name: z.string(),
  /** The URL with secret path parts and query values masked (`…`), or the email address. */
  target: z.string(),
  min_severity: alertSeveritySchema,
  /** Alert types received; empty means all. */
  kinds: z.array(alertTypeSchema),
  enabled: z.boolean(),
  /** Why the server disabled the channel (e.g. the receiver answered 410 Gone); null otherwise. */
  disabled_reason: z.string().nullable(),
  created_at: isoDateTimeSchema,
});
export type Channel = z.infer<typeof channelSchema>;

export const channelsResponseSchema = z.object({ channels: z.array(channelSchema) });
export type ChannelsResponse = z.infer<typeof channelsResponseSchema>;

/** Reply to creating a channel: a webhook channel's signing secret (`whsec_…`) is shown here only. */
export const createChannelResponseSchema = z.object({
  channel: channelSchema,
  secret: z.string().startsWith('whsec_').optional(),
});
export type CreateChannelResponse = z.infer<typeof createChannelResponseSchema>;

export const channelResponseSchema = z.object({ channel: channelSchema });
export type ChannelResponse = z.infer<typeof channelResponseSchema>;

/** One alert's (or a test's) delivery to one channel: the outbox row. */
export const deliverySchema = z.object({
  /** Also the `webhook-id` every attempt carries, so receivers can de-duplicate. */
  id: z.string(),
  channel_id: z.string(),
  /** Null for a test delivery. */
  alert_id: z.number().int().nullable(),
  status: deliveryStatusSchema,
  attempts: z.number().int().min(0),
  /** When the next attempt is due; null once delivered or dead. */
  next_attempt_at: isoDateTimeSchema.nullable(),
  last_error: z.string().nullable(),
  /** The receiver's last HTTP status (or SMTP reply code); null before any answer. */
  last_status: z.number().int().nullable(),
  created_at: isoDateTimeSchema,
  delivered_at: isoDateTimeSchema.nullable(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const deliveryResponseSchema = z.object({ delivery: deliverySchema });
export type DeliveryResponse = z.infer<typeof deliveryResponseSchema>;

/** One page of a channel's deliveries, newest first; `next_cursor` is null on the last page. */
export const deliveriesResponseSchema = z.object({
  deliveries: z.array(deliverySchema),
  next_cursor: z.string().nullable(),
});
export type DeliveriesPage = z.infer<typeof deliveriesResponseSchema>;

export const deliveriesQuerySchema = z
  .object({
    cursor: z.string().max(400, 'cursor: not a cursor from a previous page').optional(),
    limit: z
      .string()
      .regex(/^\d{1,3}$/, `limit must be a whole number from 1 to ${MAX_DELIVERIES_PAGE}`)
      .transform(Number)
      .pipe(
        z
          .number()
          .int()
          .min(1, 'limit must be at least 1')
          .max(MAX_DELIVERIES_PAGE, `limit must be at most ${MAX_DELIVERIES_PAGE}`),
      )
      .optional(),
  })
  .strict();
export type DeliveriesQuery = z.input<typeof deliveriesQuerySchema>;

export const channelIdParamsSchema = z.object({
  channelId: z.string().regex(/^chn_[A-Za-z0-9]{1,40}$/, 'channel id must look like chn_…'),
});

export const deliveryIdParamsSchema = z.object({
  deliveryId: z.string().regex(/^msg_[A-Za-z0-9]{1,40}$/, 'delivery id must look like msg_…'),
});

const SEVERITY_RANK = { info: 0, warning: 1, error: 2 } as const;

/** Whether a channel with these filters receives an alert of this type and severity. */
export function channelReceives(
  filter: { min_severity: z.infer<typeof alertSeveritySchema>; kinds: readonly string[] },
  alert: { type: string; severity: z.infer<typeof alertSeveritySchema> },
): boolean {
  if (SEVERITY_RANK[alert.severity] < SEVERITY_RANK[filter.min_severity]) return false;
  return filter.kinds.length === 0 || filter.kinds.includes(alert.type);
}

/**
 * An email delivery waits this long after its alert before it is first due, so the alerts that one
 * report raises together (80, 90 and 100 % at once, several limits) go out as one digest.
 */
export const EMAIL_DIGEST_WINDOW_MS = 30_000;
