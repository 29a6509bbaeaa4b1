import type { Provider } from '@spendscope/contracts';

/**
 * What one provider call consumed, in Spendscope's token meaning: `input_tokens` is uncached input only,
 * `cached_tokens` the cached input, `cache_write_tokens` the input written to the prompt cache (of
 * which `cache_write_1h_tokens` with a one-hour lifetime), `output_tokens` every billed output token (reasoning included),
 * `reasoning_tokens` the reasoning part of the output.
 */
export type AdaptedUsage = {
  provider: Provider;
  model?: string | undefined;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  /** Input written to the prompt cache, apart from input and cached input. */
  cache_write_tokens?: number | undefined;
  /** The part of `cache_write_tokens` written with a one-hour lifetime. */
  cache_write_1h_tokens?: number | undefined;
  reasoning_tokens: number;
  searches?: number;
  pages?: number;
  images?: number;
};

/** The unit a per-request API bills by. */
export type BilledUnit = 'searches' | 'pages' | 'images';

/** Turns one provider's reply into usage. `Reply` is the part of the reply the adapter reads. */
export type Adapter<Reply> = {
  provider: Provider;
  /** The endpoint reported when the caller names none, e.g. `chat.completions`. */
  endpoint: string;
  /** For per-request APIs: the unit billed, reported as 0 when the call fails. */
  unit?: BilledUnit;
  usage(reply: Reply): AdaptedUsage;
};
