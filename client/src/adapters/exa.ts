import type { Adapter } from './types.ts';

/** The parts of an Exa (formerly Metaphor) search reply (`POST /search`) the adapter reads. */
export type ExaSearchReply = { requestId?: string | null; results?: readonly unknown[] | null };

/** Exa (Metaphor): one search per request; the results it returns are part of that search. */
export const exaSearch: Adapter<ExaSearchReply> = {
  provider: 'metaphor',
  endpoint: 'search',
  unit: 'searches',
  usage: () => ({
    provider: 'metaphor',
    model: 'metaphor-search',
    input_tokens: 0,
    output_tokens: 0,
    cached_tokens: 0,
    reasoning_tokens: 0,
    searches: 1,
  }),
};
