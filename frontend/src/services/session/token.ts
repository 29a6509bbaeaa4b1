/**
 * The sign-in token lives in sessionStorage: it survives reloads of this tab, is gone when the tab
 * closes, and never sits in the address bar where it would end up in history or a screenshot.
 */
const STORAGE_KEY = 'spendscope.token';
const URL_PARAM = 'token';

export function getToken(): string | null {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string): void {
  window.sessionStorage.setItem(STORAGE_KEY, token);
}

export function clearToken(): void {
  window.sessionStorage.removeItem(STORAGE_KEY);
}

/**
 * Moves `?token=` from the address bar into sessionStorage and removes it from the URL (and from
 * history, via replaceState). Call once, before the router reads the location.
 */
export function captureTokenFromUrl(): void {
  const url = new URL(window.location.href);
  const token = url.searchParams.get(URL_PARAM);
  if (token === null) return;
  if (token.trim() !== '') setToken(token.trim());
  url.searchParams.delete(URL_PARAM);
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
}
