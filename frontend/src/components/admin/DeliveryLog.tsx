import type { Delivery, DeliveryStatus } from '@spendscope/contracts';
import { formatDateTime } from '../../lib/format.ts';
import { useDeliveries, useRetryDelivery } from '../../services/admin/channels.ts';
import { Badge } from '../ui/Badge.tsx';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { TableHead } from '../ui/TableHead.tsx';
import { buttonStyles } from './AdminOnly.tsx';

const STATUS: Record<DeliveryStatus, { label: string; badge: string }> = {
  pending: { label: 'Pending', badge: 'bg-gray-100 text-gray-700 ring-gray-200' },
  sending: { label: 'Sending', badge: 'bg-primary-50 text-primary-700 ring-primary-100' },
  delivered: { label: 'Delivered', badge: 'bg-success-50 text-success-700 ring-success-100' },
  failed: { label: 'Failed, will retry', badge: 'bg-warning-50 text-warning-700 ring-warning-100' },
  dead: { label: 'Gave up', badge: 'bg-danger-50 text-danger-700 ring-danger-100' },
};

const td = 'whitespace-nowrap px-3 py-2 align-top';

/** A channel's deliveries, newest first, with "Retry now" for those not delivered. */
export function DeliveryLog({ channelId, channelName }: { channelId: string; channelName: string }) {
  const deliveries = useDeliveries(channelId);
  const retry = useRetryDelivery(channelId);
  if (deliveries.isPending) return <p className="text-sm text-gray-600">Loading deliveries…</p>;
  if (deliveries.isError && !deliveries.data) {
    return (
      <p role="alert" className="text-sm text-danger-700">
        Could not load deliveries: {deliveries.error.message}
      </p>
    );
  }
  const shown: Delivery[] = deliveries.data ?? [];
  if (shown.length === 0) return <p className="text-sm text-gray-600">No deliveries yet: send a test.</p>;
  return (
    <div>
      <ScrollArea label={`Deliveries to ${channelName}`}>
        <table className="w-full text-sm" data-testid={`deliveries-${channelId}`}>
          <TableHead columns={['Created', 'What', 'Status', 'Attempts', 'Last answer', 'Next try', '']} />
          <tbody className="divide-y divide-gray-100">
            {shown.map((delivery) => {
              const status = STATUS[delivery.status];
              const canRetry = delivery.status === 'failed' || delivery.status === 'dead';
              return (
                <tr key={delivery.id} data-testid={`delivery-${delivery.id}`} data-status={delivery.status}>
                  <td className={td}>{formatDateTime(delivery.created_at)}</td>
                  <td className={td}>{delivery.alert_id === null ? 'Test' : `Alert ${delivery.alert_id}`}</td>
                  <td className={td}>
                    <Badge className={status.badge}>{status.label}</Badge>
                  </td>
                  <td className={`${td} tabular-nums`}>{delivery.attempts}</td>
                  <td className="max-w-xs px-3 py-2 align-top text-gray-700">
                    {delivery.last_status !== null ? `${delivery.last_status} ` : ''}
                    {delivery.last_error ?? (delivery.last_status === null ? '—' : '')}
                  </td>
                  <td className={td}>
                    {delivery.next_attempt_at ? formatDateTime(delivery.next_attempt_at) : '—'}
                  </td>
                  <td className={td}>
                    {canRetry ? (
                      <button
                        type="button"
                        disabled={retry.isPending}
                        onClick={() => retry.mutate(delivery.id)}
                        aria-label={`Retry delivery of ${formatDateTime(delivery.created_at)} now`}
                        className={buttonStyles.secondary}
                      >
                        Retry now
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollArea>
      {retry.isError ? (
        <p role="alert" className="mt-2 text-sm text-danger-700">
          {retry.error.message}
        </p>
      ) : null}
      {deliveries.hasNextPage ? (
        <button
          type="button"
          onClick={() => void deliveries.fetchNextPage()}
          disabled={deliveries.isFetchingNextPage}
          className={`${buttonStyles.secondary} mt-3`}
        >
          {deliveries.isFetchingNextPage ? 'Loading…' : 'Load older deliveries'}
        </button>
      ) : null}
    </div>
  );
}
