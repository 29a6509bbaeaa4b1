import { count } from './counts.ts';
import type { Adapter } from './types.ts';

/**
 * The parts of a Firecrawl reply the adapter reads: a scrape (`data` is one document), a crawl or batch
 * scrape status (`completed` pages, `data` the documents of this page of results) or a search (`data` a
 * list of documents, or `{ web, news, images }` lists).
 */
export type FirecrawlReply = {
  completed?: number | null;
  data?: unknown;
};

function documentsIn(data: unknown): number | undefined {
  if (Array.isArray(data)) return data.length;
  if (typeof data !== 'object' || data === null) return undefined;
  const lists = Object.values(data).filter(Array.isArray);
  // A search groups its documents by source; a scrape returns a single document object.
  if (lists.length > 0 && !('markdown' in data) && !('metadata' in data)) {
    return lists.reduce((sum, list) => sum + list.length, 0);
  }
  return 1;
}

/**
 * Firecrawl: billed per page. A scrape is one page; a crawl or batch scrape counts the pages it
 * completed (its `data` may hold only the first slice of them); a search counts the documents returned.
 */
export const firecrawl: Adapter<FirecrawlReply> = {
  provider: 'firecrawl',
  endpoint: 'scrape',
  unit: 'pages',
  usage(reply) {
    const pages = typeof reply.completed === 'number' ? count(reply.completed) : documentsIn(reply.data);
    return {
      provider: 'firecrawl',
      model: 'firecrawl-extract',
      input_tokens: 0,
      output_tokens: 0,
      cached_tokens: 0,
      reasoning_tokens: 0,
      ...(pages === undefined ? {} : { pages }),
    };
  },
};
