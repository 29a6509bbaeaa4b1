import { useAlerts } from '../../services/billing/alerts.ts';

/** The unread-alerts count beside the Alerts link; nothing while loading or at zero. */
export function UnreadBadge({ userId }: { userId: string }) {
  const { data } = useAlerts(userId);
  const count = data?.unread_count ?? 0;
  if (count === 0) return null;
  return (
    <span
      data-testid="unread-badge"
      className="ml-1.5 inline-flex min-w-5 items-center justify-center rounded-full bg-danger-600 px-1.5 text-xs font-semibold text-white"
    >
      {count > 99 ? '99+' : count}
      <span className="sr-only"> unread</span>
    </span>
  );
}
