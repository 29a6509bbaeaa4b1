import type { GatewayProvider } from '@spendscope/contracts';

/** Token counts in Spendscope's meaning (docs/billing-rules.md), read from a provider's reply. */
export type MeteredUsage = {
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  cache_write_tokens: number;
  cache_write_1h_tokens: number;
  reasoning_tokens: number;
};

export const NO_USAGE: MeteredUsage = {
  input_tokens: 0,
  output_tokens: 0,
  cached_tokens: 0,
  cache_write_tokens: 0,
  cache_write_1h_tokens: 0,
  reasoning_tokens: 0,
};

/** What a call's reply said about itself: its usage so far and the model that answered. */
export type ReplyFacts = {
  usage?: MeteredUsage;
  model?: string;
  /** Stream chunks that carried output (about a token each), for a stream cut off before its usage. */
  outputChunks?: number;
};

/** One server-sent event as the parser hands it over. */
export type StreamEvent = { event?: string | undefined; id?: string | undefined; data: string };

/** Reads usage from a stream's events as they pass; may hold back an event the client did not ask for. */
export type StreamReader = {
  /**
   * Reads one event; returns the event the client gets in its place (rewritten only where the gateway
   * changed the request), or undefined to leave it out.
   */
  onEvent(event: StreamEvent): StreamEvent | undefined;
  facts(): ReplyFacts;
};

/** What the gateway knows about a request before forwarding it. */
export type PreparedCall = {
  model: string;
  /** Where the call went, for the event (`/v1/chat/completions`). */
  endpoint: string;
  /** The end user named in the body (`user`, `metadata.user_id`), if any. */
  bodyUser?: string | undefined;
  /** The output the call may produce at most, for the reservation. */
  maxOutputTokens: number;
  /** The body to send upstream: the client's own bytes unless the gateway had to add something. */
  upstreamBody: Buffer;
  /** Whether the gateway asked the upstream for a usage chunk the client did not ask for. */
  stripsUsageChunk: boolean;
};

/** The gateway's own error kinds, each rendered in the provider's error format. */
export type GatewayErrorStatus = 400 | 401 | 403 | 404 | 413 | 415 | 429 | 500 | 502 | 503 | 504;

/** One provider's wire format: how to read its requests and replies and how it spells an error. */
export type ProviderFormat = {
  provider: GatewayProvider;
  /** Reads the request; a string is why it is refused (400). */
  prepare(input: {
    path: string;
    body: unknown;
    raw: Buffer;
    model?: string;
    defaultMaxOutput: number;
  }): PreparedCall | string;
  /** Usage from a whole JSON reply (a Gemini stream without `alt=sse` is a JSON array). */
  factsOfBody(body: unknown): ReplyFacts;
  streamReader(call: PreparedCall): StreamReader;
  errorBody(status: GatewayErrorStatus, message: string, code?: string): unknown;
};

/** A whole number ≥ 0 from an untrusted field, else 0. */
export function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/** The object at `value`, or undefined when it is not one. */
export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Parses a JSON text, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A model name fit for an event (1..128 characters), else undefined. */
export function modelName(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : undefined;
}
