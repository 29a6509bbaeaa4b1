import { Webhook } from 'standardwebhooks';
import { type Dispatcher, fetch, type Response } from 'undici';
import { retryAfterMs } from '../domain/deliverySchedule.ts';
import type { EmailMessage } from './messages.ts';

/** What one attempt came to. */
export type SendOutcome =
  | { ok: true; status: number | null }
  | {
      ok: false;
      status: number | null;
      error: string;
      /** The receiver is gone for good (410): stop, and disable the channel. */
      gone?: boolean;
      /** Not worth retrying (e.g. a permanent SMTP refusal). */
      permanent?: boolean;
      /** The receiver asked to wait this long (429 Retry-After): not counted as a failed attempt. */
      retryAfterMs?: number;
    };

export type HttpSend = {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  now: number;
  /** The connection pool to send through (its resolver refuses private addresses, see publicOnlyLookup). */
  dispatcher?: Dispatcher | undefined;
};

/** Posts a JSON body; redirects are not followed (they could lead to an address that was not checked). */
export async function postJson(request: HttpSend): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Spendscope-Alerts/1',
        ...request.headers,
      },
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
      ...(request.dispatcher ? { dispatcher: request.dispatcher } : {}),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return {
      ok: false,
      status: null,
      error: `${error instanceof Error ? error.message : String(error)}${cause}`,
    };
  }
  const text = (await response.text().catch(() => '')).slice(0, 200);
  if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
  const error = `HTTP ${response.status}${text ? `: ${text}` : ''}`;
  if (response.status === 410) return { ok: false, status: 410, error, gone: true };
  if (response.status === 429) {
    const wait = retryAfterMs(response.headers.get('retry-after'), request.now) ?? 60_000;
    return { ok: false, status: 429, error, retryAfterMs: wait };
  }
  return { ok: false, status: response.status, error };
}

/** Signs a webhook body the Standard Webhooks way: `webhook-id`, `webhook-timestamp`, `webhook-signature`. */
export function webhookHeaders(
  secret: string,
  messageId: string,
  at: Date,
  body: string,
): Record<string, string> {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(messageId, at, body),
  };
}

/** Sends one email; resolves to the SMTP reply code, or throws with `responseCode` when refused. */
export type Mailer = { send(message: EmailMessage & { to: string }): Promise<void> };

/** Turns a mailer's error into an outcome: 5xx SMTP replies are permanent, the rest are retried. */
export function mailOutcome(error: unknown): SendOutcome {
  const code =
    typeof error === 'object' &&
    error !== null &&
    'responseCode' in error &&
    typeof error.responseCode === 'number'
      ? error.responseCode
      : null;
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, status: code, error: message.slice(0, 300), permanent: code !== null && code >= 500 };
}
