import { describe, expect, it } from 'vitest';
import cacheRead from './__fixtures__/anthropic-message-cache-read.json';
import cacheWrite from './__fixtures__/anthropic-message-cache-write.json';
import cacheWrite1h from './__fixtures__/anthropic-message-cache-write-1h.json';
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

  it('reports cache writes apart from input, all five-minute when the reply has no split', () => {
    expect(anthropicMessages.usage(cacheWrite)).toEqual({
      provider: 'anthropic',
      model: 'claude-3.5-haiku',
      input_tokens: 21,
      cached_tokens: 0,
      cache_write_tokens: 4112,
      cache_write_1h_tokens: 0,
      output_tokens: 153,
      reasoning_tokens: 0,
    });
  });

  it('reports the one-hour part of the cache writes from cache_creation', () => {
    expect(anthropicMessages.usage(cacheWrite1h)).toEqual({
      provider: 'anthropic',
      model: 'claude-sonnet-4.5',
      input_tokens: 48,
      cached_tokens: 1024,
      cache_write_tokens: 6120,
      cache_write_1h_tokens: 4072,
      output_tokens: 211,
      reasoning_tokens: 0,
    });
  });

  it('counts the split when the total is missing', () => {
    const usage = anthropicMessages.usage({
      model: 'claude-haiku-4-5',
      usage: {
        input_tokens: 5,
        output_tokens: 1,
        cache_creation: { ephemeral_5m_input_tokens: 30, ephemeral_1h_input_tokens: 70 },
      },
    });
    expect(usage).toMatchObject({ cache_write_tokens: 100, cache_write_1h_tokens: 70 });
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
