import type { UserOverview } from '@spendscope/contracts';
import { Link } from 'react-router';
import { PAGE_PATHS, pathForUser } from '../../app/pagePaths.ts';
import { formatCurrency, formatInteger, formatPeriod } from '../../lib/format.ts';
import { usageStatusStyles } from '../../theme/status.ts';
import { Badge } from '../ui/Badge.tsx';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { TableHead } from '../ui/TableHead.tsx';

const td = 'whitespace-nowrap px-3 py-2 tabular-nums';

/** Every user with plan, spend and status; a name opens that user's dashboard. */
export function UsersTable({ users }: { users: UserOverview[] }) {
  return (
    <ScrollArea label="Users">
      <table className="w-full text-sm" data-testid="users-table">
        <TableHead columns={['User', 'Plan', 'Period', 'Calls', 'Spend', 'Status']} />
        <tbody className="divide-y divide-gray-100">
          {users.map((user) => {
            const status = usageStatusStyles[user.usage_status];
            return (
              <tr key={user.id} className="hover:bg-gray-50" data-testid={`user-row-${user.id}`}>
                <th scope="row" className="px-3 py-2 text-left font-normal">
                  <Link
                    to={pathForUser(PAGE_PATHS.overview, user.id)}
                    className="font-medium text-primary-700 hover:underline focus-visible:outline-2 focus-visible:outline-primary-500"
                  >
                    {user.display_name}
                  </Link>
                  <span className="block text-xs text-gray-500">
                    {user.id}
                    {user.role === 'admin' ? ' · admin' : ''}
                  </span>
                </th>
                <td className={td}>{user.plan.name}</td>
                <td className={td}>{formatPeriod(user.billing_period)}</td>
                <td className={td}>{formatInteger(user.total_calls)}</td>
                <td className={`${td} font-semibold text-gray-900`}>{formatCurrency(user.total_cost)}</td>
                <td className={td}>
                  <Badge className={status.badge}>{status.label}</Badge>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollArea>
  );
}
