import { describe, expect, it } from 'vitest';
import exa from './__fixtures__/exa-search.json';
import serper from './__fixtures__/serper-search.json';
import tavily from './__fixtures__/tavily-search.json';
import { exaSearch } from './exa.ts';
import { serperSearch } from './serper.ts';
import { tavilySearch } from './tavily.ts';

const noTokens = { input_tokens: 0, cached_tokens: 0, output_tokens: 0, reasoning_tokens: 0 };

describe('tavilySearch', () => {
  it('counts one search per request, whatever the number of results', () => {
    expect(tavilySearch.usage(tavily)).toEqual({
      provider: 'tavily',
      model: 'tavily-search',
      ...noTokens,
      searches: 1,
    });
  });
});

describe('serperSearch', () => {
  it('counts one search per request', () => {
    expect(serperSearch.usage(serper)).toEqual({
      provider: 'serper',
      model: 'serper-search',
      ...noTokens,
      searches: 1,
    });
  });
});

describe('exaSearch', () => {
  it('reports an Exa search under the metaphor provider, one search per request', () => {
    expect(exaSearch.usage(exa)).toEqual({
      provider: 'metaphor',
      model: 'metaphor-search',
      ...noTokens,
      searches: 1,
    });
  });
});
