import {
  ROUTES,
  type UsageCheckRequest,
  type UsageCheckResponse,
  usageCheckRequestSchema,
  usageCheckResponseSchema,
} from '@spendscope/contracts';
import { SpendscopeError } from './errors.ts';
import { asError, type Connection, postJson, readError } from './http.ts';

/**
 * Asks whether a call is allowed (`POST /api/usage/check`). Sent once, never retried: the answer is
 * wanted now. Throws `SpendscopeError` when the request is invalid, the server cannot be reached or
 * answers with an error; whether to fail open or closed is the caller's choice.
 */
export async function checkUsage(
  connection: Connection,
  request: UsageCheckRequest,
): Promise<UsageCheckResponse> {
  const parsed = usageCheckRequestSchema.safeParse(request);
  if (!parsed.success) {
    throw new SpendscopeError('validation_error', `invalid check request: ${parsed.error.message}`);
  }
  let response: Response;
  try {
    response = await postJson(connection, ROUTES.checkUsage, parsed.data);
  } catch (error) {
    throw new SpendscopeError('unavailable', `usage check failed: ${asError(error).message}`, undefined, {
      cause: error,
    });
  }
  if (!response.ok) {
    const detail = await readError(response);
    throw new SpendscopeError(detail.code, detail.message, response.status);
  }
  const reply = usageCheckResponseSchema.safeParse(await response.json().catch(() => undefined));
  if (!reply.success) {
    throw new SpendscopeError(
      'invalid_reply',
      `unexpected check reply: ${reply.error.message}`,
      response.status,
    );
  }
  return reply.data;
}
