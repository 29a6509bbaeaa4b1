import {
  type ErrorBody,
  errorBodySchema,
  ROUTES,
  type UsageBatchResponse,
  usageBatchResponseSchema,
} from '@spendscope/contracts';
import { parseRetryAfter } from './retry.ts';
import type { QueuedEvent } from './types.ts';

/** The subset of `fetch` the client uses; pass your own to add proxies, tracing or a test double. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type Connection = {
  baseUrl: string;
  apiKey: string;
  fetch: FetchLike;
  timeoutMs: number;
};

/** What came of one attempt to send a batch. */
export type BatchOutcome =
  | { kind: 'answered'; reply: UsageBatchResponse }
  /** 2xx, but the body is not a batch reply: the events were taken; what became of each is unknown. */
  | { kind: 'unreadable'; error: Error }
  /** A network error, a timeout, a 5xx or a 429: the same batch may be sent again. */
  | { kind: 'retry'; error: Error; retryAfterMs?: number }
  /** Any other 4xx: sending the same batch again would get the same answer. */
  | { kind: 'refused'; status: number; error: ErrorBody['error'] }
  /** The caller gave up (the reporter is closing past its deadline). */
  | { kind: 'stopped' };

/** Removes trailing slashes so that `${baseUrl}/api/...` never has two. */
export function normalizeBaseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/** POSTs JSON with the API key, aborting after `timeoutMs` or when `signal` fires. */
export async function postJson(
  connection: Connection,
  path: string,
  body: unknown,
  signal?: AbortSignal,
): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`no reply within ${connection.timeoutMs} ms`)),
    connection.timeoutMs,
  );
  const onStop = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onStop, { once: true });
  try {
    return await connection.fetch(`${connection.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${connection.apiKey}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onStop);
  }
}

/** Reads an error reply as `{ code, message }`, whatever the body holds. */
export async function readError(response: Response): Promise<ErrorBody['error']> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data.error;
  } catch {
    // not JSON: fall through to the status line
  }
  return { code: `http_${response.status}`, message: text.slice(0, 500) || response.statusText };
}

function isRetryable(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Sends one batch once and classifies the answer; never throws. */
export async function sendBatch(
  connection: Connection,
  events: readonly QueuedEvent[],
  signal: AbortSignal,
  now: () => number = Date.now,
): Promise<BatchOutcome> {
  let response: Response;
  try {
    response = await postJson(connection, ROUTES.reportUsage, { events }, signal);
  } catch (error) {
    if (signal.aborted) return { kind: 'stopped' };
    return { kind: 'retry', error: asError(error) };
  }
  if (response.ok) {
    try {
      const parsed = usageBatchResponseSchema.safeParse(await response.json());
      if (parsed.success) return { kind: 'answered', reply: parsed.data };
      return { kind: 'unreadable', error: new Error(`unexpected batch reply: ${parsed.error.message}`) };
    } catch (error) {
      if (signal.aborted) return { kind: 'stopped' };
      if (error instanceof SyntaxError) return { kind: 'unreadable', error };
      // The body was cut off: whether the batch was stored is unknown, and resending it is safe.
      return { kind: 'retry', error: asError(error) };
    }
  }
  const detail = await readError(response);
  if (isRetryable(response.status)) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
    return {
      kind: 'retry',
      error: new Error(`server answered ${response.status}: ${detail.message}`),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  return { kind: 'refused', status: response.status, error: detail };
}

export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
