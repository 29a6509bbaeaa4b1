import { QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ACTIVE_POLL_MS,
  IDLE_AFTER_MS,
  IDLE_POLL_MS,
  useIntelligentPolling,
} from '../../hooks/useIntelligentPolling.ts';
import { USER_ID } from '../../test/fixtures.ts';
import { createTestQueryClient } from '../../test/render.tsx';

function setup(initial: { isSocketLive: boolean } = { isSocketLive: false }) {
  const queryClient = createTestQueryClient();
  const invalidate = vi.spyOn(queryClient, 'invalidateQueries').mockResolvedValue();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  );
  const hook = renderHook((props: { isSocketLive: boolean }) => useIntelligentPolling(USER_ID, props), {
    wrapper,
    initialProps: initial,
  });
  return { hook, invalidate };
}

function setVisibility(state: DocumentVisibilityState) {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  fireEvent(document, new Event('visibilitychange'));
}

describe('useIntelligentPolling', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    setVisibility('visible');
    vi.useRealTimers();
  });

  it('refreshes the user’s data every 30 s while the user is active', () => {
    const { hook, invalidate } = setup();
    expect(hook.result.current.intervalMs).toBe(ACTIVE_POLL_MS);
    act(() => vi.advanceTimersByTime(ACTIVE_POLL_MS));
    expect(invalidate).toHaveBeenCalledTimes(1);
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['user', USER_ID] });
    // Keep the user active so the pace stays fast.
    act(() => fireEvent.pointerMove(window));
    act(() => vi.advanceTimersByTime(ACTIVE_POLL_MS));
    expect(invalidate).toHaveBeenCalledTimes(2);
  });

  it('slows to every 5 min after a while without input, and speeds up on the next input', () => {
    const { hook, invalidate } = setup();
    act(() => vi.advanceTimersByTime(IDLE_AFTER_MS));
    expect(hook.result.current.isActive).toBe(false);
    expect(hook.result.current.intervalMs).toBe(IDLE_POLL_MS);
    const before = invalidate.mock.calls.length;

    act(() => vi.advanceTimersByTime(IDLE_POLL_MS - 1));
    expect(invalidate).toHaveBeenCalledTimes(before);
    act(() => vi.advanceTimersByTime(1));
    expect(invalidate).toHaveBeenCalledTimes(before + 1);

    act(() => fireEvent.keyDown(window, { key: 'a' }));
    expect(hook.result.current.intervalMs).toBe(ACTIVE_POLL_MS);
    act(() => vi.advanceTimersByTime(ACTIVE_POLL_MS));
    expect(invalidate).toHaveBeenCalledTimes(before + 2);
  });

  it('slows down while the tab is hidden', () => {
    const { hook } = setup();
    act(() => setVisibility('hidden'));
    expect(hook.result.current.intervalMs).toBe(IDLE_POLL_MS);
    act(() => setVisibility('visible'));
    expect(hook.result.current.intervalMs).toBe(ACTIVE_POLL_MS);
  });

  it('never polls fast while the live socket is up', () => {
    const { hook, invalidate } = setup({ isSocketLive: true });
    expect(hook.result.current.intervalMs).toBe(IDLE_POLL_MS);
    act(() => vi.advanceTimersByTime(ACTIVE_POLL_MS * 3));
    expect(invalidate).not.toHaveBeenCalled();
    hook.rerender({ isSocketLive: false });
    act(() => vi.advanceTimersByTime(ACTIVE_POLL_MS));
    expect(invalidate).toHaveBeenCalledTimes(1);
  });
});
