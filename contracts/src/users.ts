import { z } from 'zod';
import { channelEmailSchema } from './channels.ts';
import { billingPeriodSchema, roleSchema, timezoneSchema, usageStatusSchema } from './common.ts';
import { planRefSchema } from './plans.ts';

/** A user as the operator's overview lists them. */
export const userOverviewSchema = z.object({
  id: z.string(),
  display_name: z.string(),
  timezone: z.string(),
  role: roleSchema,
  /** Where the user's own alerts are emailed; absent when none is set. */
  email: z.string().optional(),
  plan: planRefSchema,
  billing_period: billingPeriodSchema,
  total_calls: z.number().int().min(0),
  /** Dollars. */
  total_cost: z.number().min(0),
  usage_status: usageStatusSchema,
});
export type UserOverview = z.infer<typeof userOverviewSchema>;

/** Users per page of `GET /api/billing/users` unless `limit` says otherwise. */
export const DEFAULT_USERS_PAGE = 50;
/** The most users one page may hold. */
export const MAX_USERS_PAGE = 200;
/** The longest search term. */
export const MAX_USER_SEARCH_LENGTH = 128;

/**
 * `GET /api/billing/users?q=&cursor=&limit=`: users in id order, keyset-paged; `q` keeps those whose id
 * or display name contains it, ignoring case.
 */
export const usersQuerySchema = z
  .object({
    q: z
      .string()
      .max(MAX_USER_SEARCH_LENGTH, `q must be at most ${MAX_USER_SEARCH_LENGTH} characters`)
      .transform((q) => q.trim())
      .optional(),
    cursor: z.string().max(400, 'cursor: not a cursor from a previous page').optional(),
    limit: z
      .string()
      .regex(/^\d{1,3}$/, `limit must be a whole number from 1 to ${MAX_USERS_PAGE}`)
      .transform(Number)
      .pipe(
        z
          .number()
          .int()
          .min(1, 'limit must be at least 1')
          .max(MAX_USERS_PAGE, `limit must be at most ${MAX_USERS_PAGE}`),
      )
      .optional(),
  })
  .strict();
export type UsersQuery = z.input<typeof usersQuerySchema>;

/** One page of users; `next_cursor` is there while more follow. */
export const usersResponseSchema = z.object({
  users: z.array(userOverviewSchema),
  next_cursor: z.string().optional(),
});
export type UsersPage = z.infer<typeof usersResponseSchema>;

export const updateUserRequestSchema = z
  .object({
    plan_id: z.string().min(1).max(64).optional(),
    timezone: timezoneSchema.optional(),
    display_name: z.string().min(1).max(128).optional(),
    /** Where the user's own alerts are emailed; null clears it. */
    email: channelEmailSchema.nullable().optional(),
  })
  .strict()
  .refine(
    (body) => Object.keys(body).length > 0,
    'give at least one of plan_id, timezone, display_name, email',
  );
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;

export const updateUserResponseSchema = z.object({ user: userOverviewSchema });

/** Who the bearer of a token is. */
export const meResponseSchema = z.object({
  user_id: z.string(),
  role: roleSchema,
  display_name: z.string(),
});
export type MeResponse = z.infer<typeof meResponseSchema>;
