import { type QueryKey, type UseQueryOptions, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Page } from '../layout/Page.tsx';
import { Card } from '../ui/Card.tsx';
import { QueryPanel } from '../ui/QueryPanel.tsx';
import { SkeletonCard } from '../ui/Skeleton.tsx';
import { AdminOnly } from './AdminOnly.tsx';

type AdminListPageProps<T, K extends QueryKey> = {
  title: string;
  description: string;
  /** The items as the page shows them: a table, or cards (each then its own card or list item). */
  renderItems: (items: T[]) => ReactNode;
  /** A card above the list that adds an item: its title and its form. */
  adder?: { title: string; form: ReactNode };
  /** The list's card title; without one the items stand on the page by themselves, spaced as cards. */
  listTitle?: string;
  /** The list's query (a service's query options); it runs for admins only. */
  query: UseQueryOptions<T[], Error, T[], K>;
  /** What the list holds, for the busy message and the error ("keys"). */
  what: string;
  skeleton?: ReactNode;
  /** Shown instead of the items when there are none. */
  emptyText?: string;
};

/**
 * An operator console page that lists one kind of thing: the admin guard, the heading, an optional
 * card to add one and the list with its loading and error states.
 */
export function AdminListPage<T, K extends QueryKey>({
  title,
  description,
  ...body
}: AdminListPageProps<T, K>) {
  return (
    <AdminOnly title={title}>
      <Page title={title} description={description}>
        <AdminListBody {...body} />
      </Page>
    </AdminOnly>
  );
}

/** Mounted for admins only, so the list is never asked for on anyone else's behalf. */
function AdminListBody<T, K extends QueryKey>(
  props: Omit<AdminListPageProps<T, K>, 'title' | 'description'>,
) {
  const { renderItems, adder, listTitle, what, emptyText } = props;
  const items = useQuery(props.query);
  const skeleton = props.skeleton ?? <SkeletonCard className="h-40" />;
  const list = (
    <QueryPanel query={items} what={what} skeleton={skeleton}>
      {(shown) =>
        shown.length === 0 && emptyText ? (
          <p className="text-sm text-gray-600">{emptyText}</p>
        ) : (
          renderItems(shown)
        )
      }
    </QueryPanel>
  );
  return (
    <div className="space-y-6">
      {adder ? <Card title={adder.title}>{adder.form}</Card> : null}
      {listTitle ? <Card title={listTitle}>{list}</Card> : list}
    </div>
  );
}
