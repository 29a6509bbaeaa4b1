import type { Adapter } from './types.ts';

/** The parts of a Serper reply (`POST https://google.serper.dev/search`) the adapter reads. */
export type SerperSearchReply = { searchParameters?: { q?: string | null } | null };

/** Serper: one search per request. */
export const serperSearch: Adapter<SerperSearchReply> = {
  provider: 'serper',
  endpoint: 'search',
  unit: 'searches',
  usage: () => ({
    provider: 'serper',
    model: 'serper-search',
    input_tokens: 0,
    output_tokens: 0,
    cached_tokens: 0,
    reasoning_tokens: 0,
    searches: 1,
  }),
};
