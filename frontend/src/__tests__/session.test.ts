import { describe, expect, it } from 'vitest';
import { captureTokenFromUrl, getToken } from '../services/session/token.ts';

describe('captureTokenFromUrl', () => {
  it('moves the token into session storage and out of the address bar', () => {
    window.history.replaceState(null, '', '/billing?token=abc.def.ghi&user=alice#top');
    captureTokenFromUrl();
    expect(getToken()).toBe('abc.def.ghi');
    expect(window.location.pathname + window.location.search + window.location.hash).toBe(
      '/billing?user=alice#top',
    );
  });

  it('keeps the stored token when the URL has none', () => {
    window.history.replaceState(null, '', '/billing');
    captureTokenFromUrl();
    expect(getToken()).toBe('test-token');
  });
});
