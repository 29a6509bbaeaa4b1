import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

export type UrlPolicy = {
  /** Allow plain http (ALLOW_HTTP_CHANNELS); otherwise https only. */
  allowHttp: boolean;
  /** Allow hosts on private, loopback, link-local and other non-public addresses (tests only). */
  allowPrivate: boolean;
  /** Resolves a host name to its addresses (default: the system resolver). */
  lookup?: (host: string) => Promise<string[]>;
};

const systemLookup = async (host: string) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Why a channel URL may not be used, or null when it may: https (http only when allowed), and a host
 * every address of which is public unicast (ipaddr.js's ranges), unless private addresses are allowed.
 * Checked when a channel is saved and again before each send (a host's addresses can change).
 */
export async function channelUrlProblem(url: string, policy: UrlPolicy): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'url is not a URL';
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && policy.allowHttp)) {
    return policy.allowHttp ? 'url must use http or https' : 'url must use https';
  }
  if (policy.allowPrivate) return null;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (ipaddr.isValid(host)) addresses = [host];
  else {
    try {
      addresses = await (policy.lookup ?? systemLookup)(host);
    } catch {
      return `url: the host ${host} does not resolve`;
    }
  }
  if (addresses.length === 0) return `url: the host ${host} does not resolve`;
  for (const address of addresses) {
    const range = ipaddr.process(address).range();
    if (range !== 'unicast') {
      return `url: the host ${host} is at a ${range} address (${address}); only public addresses may receive alerts`;
    }
  }
  return null;
}

/**
 * A URL as it may be shown: scheme, host and the first path segment kept; any later segment that
 * could be a token (16 characters or more, or 8 or more with a digit) cut to its first 4 characters and `…`; every
 * query value replaced by `…`. Slack's `…/services/T…/B…/<secret>` shows as `…/services/T012…/B045…/abcd…`.
 */
export function maskUrl(url: string): string {
  const parsed = new URL(url);
  const segments = parsed.pathname.split('/');
  const masked = segments.map((segment, i) =>
    i > 1 && (segment.length >= 16 || (segment.length >= 8 && /\d/.test(segment)))
      ? `${segment.slice(0, 4)}…`
      : segment,
  );
  // Slack's last segment is its secret even when it happens to hold no digit.
  if (parsed.hostname === 'hooks.slack.com' && masked.length > 2) {
    const last = masked.length - 1;
    const tail = masked[last] ?? '';
    if (!tail.endsWith('…')) masked[last] = `${tail.slice(0, 4)}…`;
  }
  const query = [...parsed.searchParams.keys()].map((key) => `${encodeURIComponent(key)}=…`).join('&');
  return `${parsed.protocol}//${parsed.host}${masked.join('/')}${query ? `?${query}` : ''}`;
}
