import { useState } from 'react';
import { UsersTable } from '../components/admin/UsersTable.tsx';
import { Page } from '../components/layout/Page.tsx';
import { useViewer } from '../components/session/viewer.ts';
import { Card } from '../components/ui/Card.tsx';
import { QueryPanel } from '../components/ui/QueryPanel.tsx';
import { SkeletonCard } from '../components/ui/Skeleton.tsx';
import { useDebouncedValue } from '../hooks/useDebouncedValue.ts';
import { formatInteger } from '../lib/format.ts';
import { useUsers } from '../services/billing/users.ts';

/** How long typing must pause before the search goes to the server. */
export const USER_SEARCH_DEBOUNCE_MS = 300;

export default function AdminUsersPage() {
  const { isAdmin } = useViewer();
  const [search, setSearch] = useState('');
  const searched = useDebouncedValue(search.trim(), USER_SEARCH_DEBOUNCE_MS);
  const users = useUsers({ search: searched, enabled: isAdmin });

  if (!isAdmin) {
    return (
      <Page title="Users">
        <p role="alert" className="rounded-lg border border-warning-100 bg-warning-50 p-4 text-warning-900">
          Only administrators can see other users.
        </p>
      </Page>
    );
  }

  return (
    <Page title="Users" description="Every user with their plan, spend and status this period">
      <Card>
        <label className="mb-4 flex max-w-sm flex-col gap-1 text-sm text-gray-700">
          Find a user
          <input
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            placeholder="Name or id"
            className="rounded-md border border-gray-300 px-3 py-1.5"
          />
        </label>
        <QueryPanel query={users} what="users" skeleton={<SkeletonCard className="h-64" />}>
          {(shown) =>
            shown.length > 0 ? (
              <>
                <UsersTable users={shown} />
                <div className="mt-4 flex items-center gap-4 text-sm text-gray-600">
                  <p aria-live="polite">
                    {formatInteger(shown.length)} {shown.length === 1 ? 'user' : 'users'} shown
                    {users.hasNextPage ? ', more to load' : ''}
                  </p>
                  {users.isFetchNextPageError ? (
                    <p role="alert" className="text-danger-700">
                      Could not load more users: {users.error.message}
                    </p>
                  ) : null}
                  {users.hasNextPage ? (
                    <button
                      type="button"
                      onClick={() => void users.fetchNextPage()}
                      disabled={users.isFetchingNextPage}
                      className="rounded-md border border-gray-300 px-3 py-1.5 font-medium text-gray-800 hover:bg-gray-50 focus-visible:outline-2 focus-visible:outline-primary-500 disabled:opacity-60"
                    >
                      {users.isFetchingNextPage ? 'Loading…' : 'Load more users'}
                    </button>
                  ) : null}
                </div>
              </>
            ) : (
              <p className="text-sm text-gray-600">
                {searched ? `No user matches “${searched}”.` : 'No users yet.'}
              </p>
            )
          }
        </QueryPanel>
      </Card>
    </Page>
  );
}
