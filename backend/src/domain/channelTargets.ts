import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
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
  return addressesProblem(host, addresses);
}

/** Why a host at `addresses` may not receive alerts, or null when every one is public unicast. */
function addressesProblem(host: string, addresses: readonly string[]): string | null {
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
 * The resolver a delivery's connection uses (`net.connect`'s `lookup`): it resolves the host and hands
 * the connection only addresses that pass channelUrlProblem's rule, so the address checked is the
 * address connected to, and a host that answers a public address to the check and a private one to
 * the connection (DNS rebinding) cannot reach the private one. Undefined when private addresses are
 * allowed: the system resolver is used as it is.
 */
export function publicOnlyLookup(policy: UrlPolicy): LookupFunction | undefined {
  if (policy.allowPrivate) return undefined;
  return (hostname, options, callback) => {
    (policy.lookup ?? systemLookup)(hostname).then(
      (resolved) => {
        const problem = addressesProblem(hostname, resolved);
        if (problem) {
          callback(Object.assign(new Error(`refused: ${problem}`), { code: 'EADDRNOTPUBLIC' }), '', 0);
          return;
        }
        const entries = resolved
          .map((address) => ({ address, family: ipaddr.parse(address).kind() === 'ipv6' ? 6 : 4 }))
          .filter((entry) => !options.family || entry.family === options.family);
        const first = entries[0];
        if (!first) {
          const error = Object.assign(new Error(`the host ${hostname} has no address of that family`), {
            code: 'ENOTFOUND',
          });
          callback(error, '', 0);
        } else if (options.all) callback(null, entries);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
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
