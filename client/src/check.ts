import {
  apiPath,
  type ReservationReleaseResponse,
  ROUTES,
  reservationIdSchema,
  reservationReleaseResponseSchema,
  type UsageCheckRequest,
  type UsageCheckResponse,
  usageCheckRequestSchema,
  usageCheckResponseSchema,
} from '@spendscope/contracts';
import type { z } from 'zod';
import { SpendscopeError } from './errors.ts';
import { asError, type Connection, postJson, readError } from './http.ts';

/**
 * Asks whether a call is allowed (`POST /api/usage/check`); with `reserve: true` the call is also held
 * against the user's limits and the answer carries the `reservation_id` to report it under. Sent once,
 * never retried: the answer is wanted now. Throws `SpendscopeError` when the request is invalid, the
 * server cannot be reached or answers with an error; whether to fail open or closed is the caller's
 * choice.
 */
export async function checkUsage(
  connection: Connection,
  request: UsageCheckRequest,
): Promise<UsageCheckResponse> {
  const parsed = usageCheckRequestSchema.safeParse(request);
  if (!parsed.success) {
    throw new SpendscopeError('validation_error', `invalid check request: ${parsed.error.message}`);
  }
  return postOnce(connection, ROUTES.checkUsage, parsed.data, usageCheckResponseSchema, 'check');
}

/**
 * Gives back the hold of a reserved call that will not be made (`POST
 * /api/usage/reservations/:id/release`). `released` is false when the reservation was unknown, already
 * settled, released or expired: releasing twice is harmless. Sent once; throws like `checkUsage`.
 */
export async function releaseReservation(
  connection: Connection,
  reservationId: string,
): Promise<ReservationReleaseResponse> {
  const parsed = reservationIdSchema.safeParse(reservationId);
  if (!parsed.success) {
    throw new SpendscopeError('validation_error', `invalid reservation id: ${parsed.error.message}`);
  }
  return postOnce(
    connection,
    apiPath.releaseReservation(parsed.data),
    {},
    reservationReleaseResponseSchema,
    'release',
  );
}

async function postOnce<T extends z.ZodType>(
  connection: Connection,
  path: string,
  body: unknown,
  schema: T,
  what: string,
): Promise<z.output<T>> {
  let response: Response;
  try {
    response = await postJson(connection, path, body);
  } catch (error) {
    throw new SpendscopeError('unavailable', `usage ${what} failed: ${asError(error).message}`, undefined, {
      cause: error,
    });
  }
  if (!response.ok) {
    const detail = await readError(response);
    throw new SpendscopeError(detail.code, detail.message, response.status);
  }
  const reply = schema.safeParse(await response.json().catch(() => undefined));
  if (!reply.success) {
    throw new SpendscopeError(
      'invalid_reply',
      `unexpected ${what} reply: ${reply.error.message}`,
      response.status,
    );
  }
  return reply.data;
}
