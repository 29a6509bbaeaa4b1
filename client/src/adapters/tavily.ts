import type { Adapter } from './types.ts';

/** The parts of a Tavily search reply (`POST /search`) the adapter reads. */
export type TavilySearchReply = { query?: string | null; results?: readonly unknown[] | null };

/** Tavily search: one search per request, whatever the number of results. */
export const tavilySearch: Adapter<TavilySearchReply> = {
  provider: 'tavily',
  endpoint: 'search',
  unit: 'searches',
  usage: () => ({
    provider: 'tavily',
    model: 'tavily-search',
    input_tokens: 0,
    output_tokens: 0,
    cached_tokens: 0,
    reasoning_tokens: 0,
    searches: 1,
  }),
};
