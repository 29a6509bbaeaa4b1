import {
  codeForStatus,
  describeIssue,
  type ErrorCode,
  errorBodySchema,
  errorCodeSchema,
} from '@spendscope/contracts';
import type { z } from 'zod';
import { env } from '../config/env.ts';
import { markSessionExpired } from './session/sessionStatus.ts';
import { getToken } from './session/token.ts';

/** Codes the client raises itself, beside the server's own. */
export type ClientErrorCode = 'invalid_response' | 'network_error' | 'unknown_error';
export type ApiErrorCode = ErrorCode | ClientErrorCode;

/** Every failed request becomes one of these: the UI can branch on `status` and `code`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** HTTP status; 0 when no reply arrived. */
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

type QueryValue = string | number | boolean | undefined;

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | undefined;
  query?: Record<string, QueryValue> | undefined;
  body?: unknown;
  signal?: AbortSignal | undefined;
};

/** The absolute URL of an API path (`/api/...` as the contracts' `apiPath` builds it). */
export function apiUrl(path: string, query?: Record<string, QueryValue>): string {
  if (!path.startsWith('/api/')) throw new Error(`API paths start with /api/, got ${path}`);
  const url = new URL(`${env.apiBaseUrl}${path.slice('/api'.length)}`, window.location.href);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

/** The WebSocket URL for a socket path: the API's host, `wss:` when the page or API is on https. */
export function socketUrl(path: string, query: Record<string, string>): string {
  const api = new URL(env.apiBaseUrl, window.location.href);
  const url = new URL(path, api);
  url.protocol = api.protocol === 'https:' ? 'wss:' : 'ws:';
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}

function codeOf(status: number): ApiErrorCode {
  return codeForStatus(status) ?? (status >= 500 ? 'internal_error' : 'unknown_error');
}

async function send(path: string, options: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(
      0,
      'network_error',
      'Could not reach the server. Check your connection and try again.',
    );
  }
  if (response.ok) return response;
  throw await errorFrom(response);
}

async function errorFrom(response: Response): Promise<ApiError> {
  if (response.status === 401) markSessionExpired();
  const body: unknown = await response.json().catch(() => undefined);
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) {
    return new ApiError(
      response.status,
      codeOf(response.status),
      `The server answered ${response.status} ${response.statusText}`.trim(),
    );
  }
  const code = errorCodeSchema.safeParse(parsed.data.error.code);
  return new ApiError(
    response.status,
    code.success ? code.data : codeOf(response.status),
    parsed.data.error.message,
  );
}

/** Describes a schema mismatch in one line: which field, and what was expected. */
function describeMismatch(path: string, error: z.core.$ZodError): string {
  const first = error.issues[0];
  const issue =
    first && first.path.length > 0 ? describeIssue(first) : `the reply: ${first?.message ?? 'invalid'}`;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `The server's reply to ${path} is not in the expected shape: ${issue}${more}.`;
}

/**
 * Sends a request and parses the JSON reply with `schema`. Throws `ApiError` for an error reply,
 * a network failure, or a reply that does not match the schema (`invalid_response`).
 */
export async function apiRequest<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.output<S>> {
  const response = await send(path, options, 'application/json');
  const json: unknown = await response.json().catch(() => undefined);
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new ApiError(response.status, 'invalid_response', describeMismatch(path, parsed.error));
  return parsed.data;
}

/** Sends a request whose success has no body (204 No Content). Throws `ApiError` like `apiRequest`. */
export async function apiNoContent(path: string, options: RequestOptions = {}): Promise<void> {
  await send(path, options, 'application/json');
}

/** Fetches a file (e.g. a CSV export) with the same authentication as every other request. */
export async function apiBlob(path: string, options: RequestOptions = {}): Promise<Blob> {
  const response = await send(path, options, '*/*');
  return response.blob();
}
