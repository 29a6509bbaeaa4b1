import { describe, expect, it } from 'vitest';
import { lookupNames, matchRule } from './modelMatch.ts';

describe('matchRule', () => {
  it('tells a listed alias from a pattern, case-insensitively', () => {
    const rule = { or: [{ starts_with: 'claude-sonnet-4-5' }, { equals: 'claude-sonnet-4.5-latest' }] };
    expect(matchRule(rule, 'Claude-Sonnet-4.5-Latest')).toBe('alias');
    expect(matchRule(rule, 'claude-sonnet-4-5-20250929')).toBe('pattern');
    expect(matchRule(rule, 'claude-sonnet-4')).toBeUndefined();
  });

  it('needs every part of an and, and a regex as written', () => {
    const rule = { and: [{ starts_with: 'gemini-2.5-pro' }, { regex: '^(?!.*-tts)' }] };
    expect(matchRule(rule, 'gemini-2.5-pro-preview')).toBe('pattern');
    expect(matchRule(rule, 'gemini-2.5-pro-tts')).toBeUndefined();
    expect(matchRule({ regex: '(' }, 'anything')).toBeUndefined();
  });
});

describe('lookupNames', () => {
  it('drops SDK and router prefixes of the provider and lower-cases', () => {
    expect(lookupNames('gemini', ' models/Gemini-2.5-Flash ')).toEqual(['gemini-2.5-flash']);
    expect(lookupNames('openai', 'openai/gpt-4o')).toEqual(['gpt-4o']);
    expect(lookupNames('openai', 'anthropic/claude-3')).toEqual(['anthropic/claude-3']);
  });

  it('also tries a compact snapshot date written with dashes', () => {
    expect(lookupNames('anthropic', 'claude-3-5-sonnet-20241022')).toEqual([
      'claude-3-5-sonnet-20241022',
      'claude-3-5-sonnet-2024-10-22',
    ]);
    expect(lookupNames('anthropic', 'claude-x-20241399')).toEqual(['claude-x-20241399']);
  });
});
