import { describe, expect, it } from 'vitest';
import crawl from './__fixtures__/firecrawl-crawl-status.json';
import scrape from './__fixtures__/firecrawl-scrape.json';
import search from './__fixtures__/firecrawl-search.json';
import { firecrawl } from './firecrawl.ts';

describe('firecrawl', () => {
  it('counts a scrape as one page', () => {
    expect(firecrawl.usage(scrape)).toMatchObject({ provider: 'firecrawl', pages: 1, input_tokens: 0 });
  });

  it('counts the pages a crawl completed', () => {
    expect(firecrawl.usage(crawl).pages).toBe(3);
  });

  it('counts completed pages even when the reply holds only the first slice of documents', () => {
    expect(firecrawl.usage({ completed: 250, data: crawl.data }).pages).toBe(250);
  });

  it('counts every document a search returned, across sources', () => {
    expect(firecrawl.usage(search).pages).toBe(3);
  });

  it('leaves pages out when the reply holds no documents, so the server bills one', () => {
    expect(firecrawl.usage({})).not.toHaveProperty('pages');
  });
});
