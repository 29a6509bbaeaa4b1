import { describe, expect, it } from 'vitest';
import { ADMIN_PATH_PREFIX, PAGE_PATHS, pathForUser, providerPath } from '../app/pagePaths.ts';

describe('page paths', () => {
  it('builds a provider’s drill-down path from the routed pattern', () => {
    expect(providerPath('openai')).toBe('/billing/providers/openai');
  });

  it('keeps an admin on the viewed user, with the id encoded', () => {
    expect(pathForUser(PAGE_PATHS.trends, 'team a/b')).toBe('/billing/trends?user=team%20a%2Fb');
  });

  it('has one distinct path per page, the console’s under its prefix', () => {
    const paths = Object.values(PAGE_PATHS);
    expect(new Set(paths).size).toBe(paths.length);
    const consolePages = Object.entries(PAGE_PATHS).filter(([page]) => page.startsWith('admin'));
    expect(consolePages.map(([, path]) => path.startsWith(ADMIN_PATH_PREFIX))).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });
});
