import { describe, expect, it } from 'vitest';
import { canonicalModel } from './model-names.ts';

describe('canonicalModel', () => {
  it.each([
    ['openai', 'gpt-4o-2024-08-06', 'gpt-4o'],
    ['openai', 'gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['openai', 'gpt-4-0613', 'gpt-4'],
    ['openai', 'gpt-4o', 'gpt-4o'],
    ['anthropic', 'claude-3-5-sonnet-20241022', 'claude-3.5-sonnet'],
    ['anthropic', 'claude-3-5-haiku-latest', 'claude-3.5-haiku'],
    ['anthropic', 'claude-sonnet-4-5-20250929', 'claude-sonnet-4.5'],
    ['anthropic', 'claude-sonnet-4-20250514', 'claude-sonnet-4'],
    ['gemini', 'gemini-1.5-flash-002', 'gemini-1.5-flash'],
    ['gemini', 'models/gemini-2.5-pro', 'gemini-2.5-pro'],
    ['gemini', 'gemini-2.5-flash-preview-05-20', 'gemini-2.5-flash'],
    ['mistral', 'mistral-large-latest', 'mistral-large'],
    ['mistral', 'mistral-small-2503', 'mistral-small'],
  ] as const)('names %s model %s by its family %s', (provider, raw, family) => {
    expect(canonicalModel(provider, raw)).toBe(family);
  });

  it('returns undefined when the reply names no model', () => {
    expect(canonicalModel('openai', null)).toBeUndefined();
    expect(canonicalModel('openai', '  ')).toBeUndefined();
  });
});
