import { describe, expect, it } from 'vitest';
import chat from './__fixtures__/openai-chat-completion.json';
import chatReasoning from './__fixtures__/openai-chat-completion-reasoning.json';
import response from './__fixtures__/openai-response.json';
import responseReasoning from './__fixtures__/openai-response-reasoning.json';
import { openaiChat, openaiResponses } from './openai.ts';

describe('openaiChat', () => {
  it('takes cached tokens out of prompt_tokens and reports them apart', () => {
    expect(openaiChat.usage(chat)).toEqual({
      provider: 'openai',
      model: 'gpt-4o',
      input_tokens: 2140 - 1792,
      cached_tokens: 1792,
      output_tokens: 187,
      reasoning_tokens: 0,
    });
  });

  it('keeps reasoning tokens inside completion_tokens and reports them as the reasoning part', () => {
    expect(openaiChat.usage(chatReasoning)).toEqual({
      provider: 'openai',
      model: 'o3-mini',
      input_tokens: 1318 - 1152,
      cached_tokens: 1152,
      output_tokens: 1472,
      reasoning_tokens: 1216,
    });
  });

  it('reports zero tokens for a reply without usage (a stream without include_usage)', () => {
    expect(openaiChat.usage({ model: 'gpt-4o-mini', usage: null })).toEqual({
      provider: 'openai',
      model: 'gpt-4o-mini',
      input_tokens: 0,
      cached_tokens: 0,
      output_tokens: 0,
      reasoning_tokens: 0,
    });
  });

  it('never reports negative input when cached_tokens exceeds prompt_tokens', () => {
    const usage = openaiChat.usage({
      usage: { prompt_tokens: 10, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 12 } },
    });
    expect(usage.input_tokens).toBe(0);
    expect(usage.cached_tokens).toBe(10);
  });
});

describe('openaiResponses', () => {
  it('takes cached tokens out of input_tokens', () => {
    expect(openaiResponses.usage(response)).toEqual({
      provider: 'openai',
      model: 'gpt-4o-mini',
      input_tokens: 1536 - 1280,
      cached_tokens: 1280,
      output_tokens: 64,
      reasoning_tokens: 0,
    });
  });

  it('keeps reasoning tokens inside output_tokens', () => {
    expect(openaiResponses.usage(responseReasoning)).toEqual({
      provider: 'openai',
      model: 'o4-mini',
      input_tokens: 2310 - 2048,
      cached_tokens: 2048,
      output_tokens: 1689,
      reasoning_tokens: 1472,
    });
  });
});
