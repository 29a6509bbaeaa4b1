import { userIdSchema } from '@spendscope/contracts';
import { type ReactNode, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { VIEWED_USER_PARAM } from '../../app/pagePaths.ts';
import { isApiError } from '../../services/apiClient.ts';
import { useMe } from '../../services/session/me.ts';
import { useIsSessionExpired } from '../../services/session/sessionStatus.ts';
import { getToken } from '../../services/session/token.ts';
import { ErrorPanel } from '../ui/ErrorPanel.tsx';
import { LoadingRegion, ShimmerEffect } from '../ui/Skeleton.tsx';
import { SessionExpiredScreen, SignInRequiredScreen } from './SessionScreens.tsx';
import { type Viewer, ViewerContext } from './viewer.ts';

function SignedIn({ children }: { children: ReactNode }) {
  const me = useMe();
  const [searchParams] = useSearchParams();
  const requested = searchParams.get(VIEWED_USER_PARAM);

  const viewer = useMemo<Viewer | null>(() => {
    if (!me.data) return null;
    const isAdmin = me.data.role === 'admin';
    // Only an admin may pick whose data to see; for anyone else `?user=` is ignored.
    const isValidRequest = requested !== null && userIdSchema.safeParse(requested).success;
    const userId = isAdmin && isValidRequest ? requested : me.data.user_id;
    return { me: me.data, userId, isAdmin, isViewingOther: userId !== me.data.user_id };
  }, [me.data, requested]);

  if (me.isPending) {
    return (
      <div className="mx-auto max-w-7xl p-6">
        <LoadingRegion label="your account">
          <div className="max-w-sm space-y-3">
            <ShimmerEffect className="h-8" />
            <ShimmerEffect />
          </div>
        </LoadingRegion>
      </div>
    );
  }
  if (!viewer) {
    if (isApiError(me.error) && me.error.status === 401) return <SessionExpiredScreen />;
    return (
      <main className="mx-auto max-w-xl p-6">
        <ErrorPanel error={me.error} what="your account" onRetry={() => void me.refetch()} />
      </main>
    );
  }
  return <ViewerContext.Provider value={viewer}>{children}</ViewerContext.Provider>;
}

/**
 * Shows the app only to someone with a valid token; otherwise a clear screen saying what to do.
 * A 401 from any request (not only this one) switches to the expired screen.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const isExpired = useIsSessionExpired();
  if (isExpired) return <SessionExpiredScreen />;
  if (!getToken()) return <SignInRequiredScreen />;
  return <SignedIn>{children}</SignedIn>;
}
