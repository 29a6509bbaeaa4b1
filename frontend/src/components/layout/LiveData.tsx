import { useIntelligentPolling } from '../../hooks/useIntelligentPolling.ts';
import { useRealtimeUpdates } from '../../hooks/useRealtimeUpdates.ts';
import { LiveBadge } from './LiveBadge.tsx';

/**
 * Keeps the viewed user's data fresh: the socket pushes changes, polling is the fallback (fast
 * only while the socket is down and someone is looking). Renders the Live / Reconnecting badge.
 */
export function LiveData({ userId }: { userId: string }) {
  const { status } = useRealtimeUpdates(userId);
  useIntelligentPolling(userId, { isSocketLive: status === 'live' });
  return <LiveBadge status={status} />;
}
