/**
 * The status of one limit from its percentage, by the same thresholds the server uses for the
 * overall usage_status, so a bar and the badge never disagree. The rule itself lives in contracts.
 */
export { statusForPercentage } from '@spendscope/contracts';
