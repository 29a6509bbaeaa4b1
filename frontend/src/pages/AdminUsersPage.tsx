import { useMemo, useState } from 'react';
import { UsersTable } from '../components/admin/UsersTable.tsx';
import { Page } from '../components/layout/Page.tsx';
import { useViewer } from '../components/session/viewer.ts';
import { Card } from '../components/ui/Card.tsx';
import { QueryPanel } from '../components/ui/QueryPanel.tsx';
import { SkeletonCard } from '../components/ui/Skeleton.tsx';
import { formatCurrency, formatInteger } from '../lib/format.ts';
import { useUsers } from '../services/billing/users.ts';

export default function AdminUsersPage() {
  const { isAdmin } = useViewer();
  const users = useUsers({ enabled: isAdmin });
  const [search, setSearch] = useState('');

  const shown = useMemo(() => {
    const term = search.trim().toLowerCase();
    const list = users.data ?? [];
    const matching = term
      ? list.filter(
          (user) => user.id.toLowerCase().includes(term) || user.display_name.toLowerCase().includes(term),
        )
      : list;
    return [...matching].sort((a, b) => b.total_cost - a.total_cost);
  }, [users.data, search]);

  if (!isAdmin) {
    return (
      <Page title="Users">
        <p role="alert" className="rounded-lg border border-warning-100 bg-warning-50 p-4 text-warning-900">
          Only administrators can see other users.
        </p>
      </Page>
    );
  }

  const totalSpend = (users.data ?? []).reduce((sum, user) => sum + user.total_cost, 0);

  return (
    <Page
      title="Users"
      description={
        users.data
          ? `${formatInteger(users.data.length)} users · ${formatCurrency(totalSpend)} spent this period`
          : 'Every user with their plan, spend and status'
      }
    >
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
          {() =>
            shown.length > 0 ? (
              <UsersTable users={shown} />
            ) : (
              <p className="text-sm text-gray-600">No user matches.</p>
            )
          }
        </QueryPanel>
      </Card>
    </Page>
  );
}
