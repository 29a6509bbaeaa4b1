import { describe, expect, it } from 'vitest';
import plain from './__fixtures__/mistral-chat-completion.json';
import cached from './__fixtures__/mistral-chat-completion-cached.json';
import { mistralChat } from './mistral.ts';

describe('mistralChat', () => {
  it('reports prompt and completion tokens', () => {
    expect(mistralChat.usage(plain)).toEqual({
      provider: 'mistral',
      model: 'mistral-large',
      input_tokens: 612,
      cached_tokens: 0,
      output_tokens: 94,
      reasoning_tokens: 0,
    });
  });

  it('takes cached prompt tokens out of prompt_tokens', () => {
    expect(mistralChat.usage(cached)).toEqual({
      provider: 'mistral',
      model: 'mistral-small',
      input_tokens: 1408 - 1344,
      cached_tokens: 1344,
      output_tokens: 41,
      reasoning_tokens: 0,
    });
  });
});
