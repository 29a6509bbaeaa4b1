import type { AlertSeverity, AlertType, HealthStatus, UsageStatus } from '@spendscope/contracts';

type StatusStyle = {
  label: string;
  /** Badge: tinted background, dark text (passes contrast). */
  badge: string;
  /** Filled bar or dot. */
  fill: string;
  /** Card border accent. */
  border: string;
};

export const usageStatusStyles: Record<UsageStatus, StatusStyle> = {
  active: {
    label: 'Within limits',
    badge: 'bg-success-50 text-success-700 ring-success-100',
    fill: 'bg-success-500',
    border: 'border-success-100',
  },
  warning: {
    label: 'Approaching a limit',
    badge: 'bg-warning-50 text-warning-700 ring-warning-100',
    fill: 'bg-warning-500',
    border: 'border-warning-100',
  },
  limit_reached: {
    label: 'Limit reached',
    badge: 'bg-danger-50 text-danger-700 ring-danger-100',
    fill: 'bg-danger-500',
    border: 'border-danger-100',
  },
};

export const healthStatusStyles: Record<HealthStatus, StatusStyle> = {
  healthy: { ...usageStatusStyles.active, label: 'Healthy' },
  warning: { ...usageStatusStyles.warning, label: 'Degraded' },
  critical: { ...usageStatusStyles.limit_reached, label: 'Critical' },
};

export const severityStyles: Record<AlertSeverity, StatusStyle> = {
  info: {
    label: 'Info',
    badge: 'bg-primary-50 text-primary-700 ring-primary-100',
    fill: 'bg-primary-500',
    border: 'border-primary-100',
  },
  warning: { ...usageStatusStyles.warning, label: 'Warning' },
  error: { ...usageStatusStyles.limit_reached, label: 'Error' },
};

/** What raised an alert, as the alert list names it, with a glyph beside the words (never alone). */
export const alertKindStyles: Record<AlertType, { label: string; icon: string }> = {
  usage_threshold: { label: 'Usage', icon: '◔' },
  limit_reached: { label: 'Limit', icon: '■' },
  unpriced_usage: { label: 'No price', icon: '?' },
  projected_limit: { label: 'Forecast', icon: '↗' },
  anomaly: { label: 'Anomaly', icon: '⚡' },
};
