import { useEffect, useState } from 'react';

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;

/**
 * Whether someone is using the page: the tab is visible and there was input within `idleAfterMs`.
 * Re-renders only when that answer changes, not on every mouse move.
 */
export function useUserActivity(idleAfterMs: number): boolean {
  const [isIdle, setIsIdle] = useState(false);
  const [isHidden, setIsHidden] = useState(() => document.visibilityState === 'hidden');

  useEffect(() => {
    let lastActivity = Date.now();
    let timer: ReturnType<typeof setTimeout>;

    const check = () => {
      const quietFor = Date.now() - lastActivity;
      if (quietFor >= idleAfterMs) setIsIdle(true);
      else timer = setTimeout(check, idleAfterMs - quietFor);
    };
    const onActivity = () => {
      const wasIdle = Date.now() - lastActivity >= idleAfterMs;
      lastActivity = Date.now();
      if (wasIdle) {
        setIsIdle(false);
        clearTimeout(timer);
        timer = setTimeout(check, idleAfterMs);
      }
    };
    const onVisibility = () => setIsHidden(document.visibilityState === 'hidden');

    timer = setTimeout(check, idleAfterMs);
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { passive: true });
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearTimeout(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [idleAfterMs]);

  return !isIdle && !isHidden;
}
