/** A token or unit count from a provider reply: a whole, non-negative number, else 0. */
export function count(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return 0;
  return Math.round(value);
}

/** Token fields that satisfy the usage schema even when a provider's figures disagree with each other. */
export function tokens(parts: { input: number; cached: number; output: number; reasoning: number }) {
  return {
    input_tokens: Math.max(0, parts.input),
    cached_tokens: Math.max(0, parts.cached),
    output_tokens: Math.max(0, parts.output),
    reasoning_tokens: Math.min(Math.max(0, parts.reasoning), Math.max(0, parts.output)),
  };
}
