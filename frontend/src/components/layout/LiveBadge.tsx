import type { RealtimeStatus } from '../../hooks/useRealtimeUpdates.ts';
import { usageStatusStyles } from '../../theme/status.ts';

const LABELS: Record<RealtimeStatus, string> = {
  connecting: 'Connecting',
  live: 'Live',
  reconnecting: 'Reconnecting',
};

/** Whether numbers update by themselves right now. */
export function LiveBadge({ status }: { status: RealtimeStatus }) {
  const style = status === 'live' ? usageStatusStyles.active : usageStatusStyles.warning;
  return (
    <span
      role="status"
      aria-live="polite"
      data-testid="live-status"
      data-status={status}
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${style.badge}`}
    >
      <span
        className={`size-2 rounded-full ${style.fill} ${status === 'live' ? '' : 'animate-pulse'}`}
        aria-hidden="true"
      />
      {LABELS[status]}
      {status === 'live' ? null : '…'}
    </span>
  );
}
