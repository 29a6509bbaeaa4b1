import { fillPath } from '@spendscope/contracts';

/**
 * Every page of the dashboard, one path each: the router declares its routes from these and every
 * link and `navigate` call builds its target from them, so a page moves by changing one line.
 */
export const PAGE_PATHS = {
  overview: '/billing',
  trends: '/billing/trends',
  provider: '/billing/providers/:provider',
  plans: '/billing/plans',
  pricing: '/billing/pricing',
  alerts: '/billing/alerts',
  monitoring: '/monitoring',
  adminUsers: '/admin/users',
  adminKeys: '/admin/keys',
  adminPlans: '/admin/plans',
  adminChannels: '/admin/channels',
} as const;

/** The operator console's pages all sit under this prefix. */
export const ADMIN_PATH_PREFIX = '/admin/';

/** The query parameter by which an admin opens another user's pages. */
export const VIEWED_USER_PARAM = 'user';

/** One provider's drill-down page. */
export function providerPath(provider: string): string {
  return fillPath(PAGE_PATHS.provider, { provider });
}

/** `path` showing `userId`'s data, as an admin opens it. */
export function pathForUser(path: string, userId: string): string {
  return `${path}?${VIEWED_USER_PARAM}=${encodeURIComponent(userId)}`;
}
