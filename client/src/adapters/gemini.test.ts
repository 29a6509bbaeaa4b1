import { describe, expect, it } from 'vitest';
import plain from './__fixtures__/gemini-generate-content.json';
import thinking from './__fixtures__/gemini-generate-content-thinking.json';
import { geminiGenerateContent } from './gemini.ts';

describe('geminiGenerateContent', () => {
  it('takes cached content out of the prompt and adds thoughts to the output', () => {
    expect(geminiGenerateContent.usage(thinking)).toEqual({
      provider: 'gemini',
      model: 'gemini-2.5-flash',
      input_tokens: 5207 - 4096,
      cached_tokens: 4096,
      output_tokens: 311 + 1246,
      reasoning_tokens: 1246,
    });
  });

  it('accounts for every token of totalTokenCount exactly once', () => {
    const usage = geminiGenerateContent.usage(thinking);
    expect(usage.input_tokens + usage.cached_tokens + usage.output_tokens).toBe(
      thinking.usageMetadata.totalTokenCount,
    );
  });

  it('reads a reply without cache or thoughts', () => {
    expect(geminiGenerateContent.usage(plain)).toEqual({
      provider: 'gemini',
      model: 'gemini-1.5-flash',
      input_tokens: 38,
      cached_tokens: 0,
      output_tokens: 17,
      reasoning_tokens: 0,
    });
  });

  it('bills tool-use prompt tokens as input', () => {
    const usage = geminiGenerateContent.usage({
      modelVersion: 'gemini-2.5-pro',
      usageMetadata: { promptTokenCount: 120, toolUsePromptTokenCount: 880, candidatesTokenCount: 40 },
    });
    expect(usage.input_tokens).toBe(1000);
    expect(usage.output_tokens).toBe(40);
  });
});
