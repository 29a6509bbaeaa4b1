import type { UsageAlert } from '@spendscope/contracts';
import { useState } from 'react';
import { formatDateTime, formatPeriod } from '../../lib/format.ts';
import { useAlerts, useMarkAlertRead } from '../../services/billing/alerts.ts';
import { alertKindStyles, severityStyles } from '../../theme/status.ts';
import { typography } from '../../theme/typography.ts';
import { Badge } from '../ui/Badge.tsx';
import { ErrorPanel } from '../ui/ErrorPanel.tsx';
import { QueryPanel } from '../ui/QueryPanel.tsx';
import { ShimmerEffect } from '../ui/Skeleton.tsx';
import { SegmentedControl } from './SegmentedControl.tsx';

type AlertsPanelProps = {
  userId: string;
  /** Show only the newest few (the overview's preview). */
  limit?: number;
  /** Offer the all / unread filter (the alerts page). */
  hasFilter?: boolean;
};

function AlertItem({
  alert,
  onMarkRead,
  isMarking,
}: {
  alert: UsageAlert;
  onMarkRead: () => void;
  isMarking: boolean;
}) {
  const style = severityStyles[alert.severity];
  const kind = alertKindStyles[alert.type];
  return (
    <li
      // Read alerts are told apart by weight, not by fading: faded text falls below the contrast minimum.
      className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between"
      data-testid={`alert-${alert.id}`}
      data-read={alert.is_read}
    >
      <div className="min-w-0">
        <div className="flex flex-wrap items-center gap-2">
          <Badge className={style.badge}>{style.label}</Badge>
          <span className="text-xs font-medium text-gray-600" data-testid="alert-kind">
            <span aria-hidden="true">{kind.icon} </span>
            {kind.label}
          </span>
          <p className={alert.is_read ? 'text-gray-700' : 'font-semibold text-gray-900'}>{alert.title}</p>
          {alert.is_read ? null : <span className="sr-only">(unread)</span>}
        </div>
        <p className="mt-1 break-words text-sm text-gray-700">{alert.message}</p>
        <p className="mt-1 text-xs text-gray-500">
          {formatPeriod(alert.billing_period)} · {formatDateTime(alert.created_at)}
        </p>
      </div>
      {alert.is_read ? (
        <span className="shrink-0 text-xs text-gray-500">Read</span>
      ) : (
        <button
          type="button"
          onClick={onMarkRead}
          disabled={isMarking}
          // Starts with the visible words (label in name), then says which alert.
          aria-label={`Mark as read: ${alert.title}`}
          className="shrink-0 self-start rounded-md px-3 py-1.5 text-sm font-medium text-primary-700 ring-1 ring-gray-300 hover:bg-gray-50 focus-visible:outline-2 focus-visible:outline-primary-500 disabled:opacity-60"
        >
          Mark as read
        </button>
      )}
    </li>
  );
}

/** The user's alerts, newest first, each markable as read. */
export function AlertsPanel({ userId, limit, hasFilter }: AlertsPanelProps) {
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const query = useAlerts(userId, filter === 'unread');
  const markRead = useMarkAlertRead(userId);

  return (
    <div>
      {hasFilter ? (
        <div className="mb-3">
          <SegmentedControl
            label="Show"
            options={[
              { value: 'all', label: 'All' },
              { value: 'unread', label: 'Unread' },
            ]}
            value={filter}
            onChange={setFilter}
          />
        </div>
      ) : null}
      {markRead.isError ? <ErrorPanel error={markRead.error} what="the alert's read state" /> : null}
      <QueryPanel
        query={query}
        what="alerts"
        skeleton={
          <div className="space-y-3">
            <ShimmerEffect />
            <ShimmerEffect />
            <ShimmerEffect />
          </div>
        }
      >
        {({ alerts }) => {
          const shown = limit ? alerts.slice(0, limit) : alerts;
          if (shown.length === 0) {
            return (
              <p className={typography.body}>
                {filter === 'unread' ? 'No unread alerts.' : 'No alerts this period.'}
              </p>
            );
          }
          return (
            <ul className="divide-y divide-gray-100" aria-label="Alerts">
              {shown.map((alert) => (
                <AlertItem
                  key={alert.id}
                  alert={alert}
                  isMarking={markRead.isPending && markRead.variables === alert.id}
                  onMarkRead={() => markRead.mutate(alert.id)}
                />
              ))}
            </ul>
          );
        }}
      </QueryPanel>
    </div>
  );
}
