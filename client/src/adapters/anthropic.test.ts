import { describe, expect, it } from 'vitest';
import cacheRead from './__fixtures__/anthropic-message-cache-read.json';
import cacheWrite from './__fixtures__/anthropic-message-cache-write.json';
import { anthropicMessages } from './anthropic.ts';

describe('anthropicMessages', () => {
  it('reports cache reads as cached tokens on top of input_tokens', () => {
    expect(anthropicMessages.usage(cacheRead)).toEqual({
      provider: 'anthropic',
      model: 'claude-3.5-sonnet',
      input_tokens: 46,
      cached_tokens: 3287,
      output_tokens: 264,
      reasoning_tokens: 0,
    });
  });

  it('bills cache writes as input, since there is no separate cache-write price', () => {
    expect(anthropicMessages.usage(cacheWrite)).toEqual({
      provider: 'anthropic',
      model: 'claude-3.5-haiku',
      input_tokens: 21 + 4112,
      cached_tokens: 0,
      output_tokens: 153,
      reasoning_tokens: 0,
    });
  });

  it('treats absent cache fields (older replies) as zero', () => {
    expect(
      anthropicMessages.usage({
        model: 'claude-3-opus-20240229',
        usage: { input_tokens: 12, output_tokens: 7 },
      }),
    ).toEqual({
      provider: 'anthropic',
      model: 'claude-3-opus',
      input_tokens: 12,
      cached_tokens: 0,
      output_tokens: 7,
      reasoning_tokens: 0,
    });
  });
});
