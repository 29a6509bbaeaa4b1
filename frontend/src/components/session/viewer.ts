import type { MeResponse } from '@spendscope/contracts';
import { createContext, useContext } from 'react';
import { pathForUser } from '../../app/pagePaths.ts';

export type Viewer = {
  me: MeResponse;
  /** Whose data the pages show: always `me` for a user; for an admin, `?user=` when given. */
  userId: string;
  isAdmin: boolean;
  /** An admin looking at someone else's dashboard. */
  isViewingOther: boolean;
};

export const ViewerContext = createContext<Viewer | null>(null);

export function useViewer(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer must be used inside <SessionGate>');
  return viewer;
}

/** Builds in-app links that keep an admin on the user they are viewing. */
export function useUserLink(): (path: string) => string {
  const { userId, isViewingOther } = useViewer();
  return (path) => (isViewingOther ? pathForUser(path, userId) : path);
}
