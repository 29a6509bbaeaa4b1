import type { ReactNode } from 'react';
import { Page } from '../layout/Page.tsx';
import { useViewer } from '../session/viewer.ts';

/** An operator console page: its content for admins, a short notice for everyone else. */
export function AdminOnly({ title, children }: { title: string; children: ReactNode }) {
  const { isAdmin } = useViewer();
  if (isAdmin) return <>{children}</>;
  return (
    <Page title={title}>
      <p role="alert" className="rounded-lg border border-warning-100 bg-warning-50 p-4 text-warning-900">
        Only administrators can use the operator console.
      </p>
    </Page>
  );
}

/** Button looks shared by the console's forms. */
export const buttonStyles = {
  primary:
    'rounded-md bg-primary-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-primary-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-primary-500 disabled:opacity-60',
  secondary:
    'rounded-md px-3 py-1.5 text-sm font-medium text-gray-800 ring-1 ring-gray-300 hover:bg-gray-50 focus-visible:outline-2 focus-visible:outline-primary-500 disabled:opacity-60',
  danger:
    'rounded-md bg-danger-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-danger-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-danger-700 disabled:opacity-60',
  dangerOutline:
    'rounded-md px-3 py-1.5 text-sm font-medium text-danger-700 ring-1 ring-danger-500 hover:bg-danger-50 focus-visible:outline-2 focus-visible:outline-danger-700 disabled:opacity-60',
} as const;

export const inputStyles =
  'rounded-md border border-gray-300 px-3 py-1.5 text-sm text-gray-900 focus-visible:outline-2 focus-visible:outline-primary-500 aria-[invalid=true]:border-danger-700';
