import type { UserOverview } from '@spendscope/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { AppRoutes } from '../../app/AppRoutes.tsx';
import { makeMe, makeUser } from '../../test/fixtures.ts';
import { renderWithProviders } from '../../test/render.tsx';
import { api, apiError, server } from '../../test/server.ts';

const PAGE_LOAD = { timeout: 10_000 };

const PEOPLE: UserOverview[] = ['ada', 'bob', 'bobby', 'cy', 'dee'].map((id) =>
  makeUser({ id, display_name: `${id[0]?.toUpperCase()}${id.slice(1)} Person` }),
);

/** A server that pages PEOPLE two at a time and filters them by `q`, recording each query it got. */
function pagedUsers() {
  const queries: URLSearchParams[] = [];
  server.use(
    http.get(api('/api/me'), () =>
      HttpResponse.json(makeMe({ user_id: 'ops', role: 'admin', display_name: 'Ops' })),
    ),
    http.get(api('/api/billing/users'), ({ request }) => {
      const params = new URL(request.url).searchParams;
      queries.push(params);
      const q = params.get('q')?.toLowerCase() ?? '';
      const matching = PEOPLE.filter((u) => u.id.includes(q) || u.display_name.toLowerCase().includes(q));
      const start = Number(params.get('cursor') ?? 0);
      const page = matching.slice(start, start + 2);
      const more = start + 2 < matching.length;
      return HttpResponse.json({ users: page, ...(more ? { next_cursor: String(start + 2) } : {}) });
    }),
  );
  return queries;
}

const shownIds = () =>
  within(screen.getByTestId('users-table'))
    .getAllByRole('row')
    .slice(1)
    .map((row) => row.getAttribute('data-testid')?.replace('user-row-', ''));

describe('users overview', { timeout: 20_000 }, () => {
  it('loads the next page from the cursor the server gave, until there is none', async () => {
    const queries = pagedUsers();
    renderWithProviders(<AppRoutes />, { route: '/admin/users' });
    await screen.findByTestId('users-table', {}, PAGE_LOAD);
    expect(shownIds()).toEqual(['ada', 'bob']);
    expect(screen.getByText('2 users shown, more to load')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Load more users' }));
    await waitFor(() => expect(shownIds()).toEqual(['ada', 'bob', 'bobby', 'cy']));
    await userEvent.click(screen.getByRole('button', { name: 'Load more users' }));
    await waitFor(() => expect(shownIds()).toEqual(['ada', 'bob', 'bobby', 'cy', 'dee']));

    expect(screen.queryByRole('button', { name: 'Load more users' })).not.toBeInTheDocument();
    expect(screen.getByText('5 users shown')).toBeInTheDocument();
    expect(queries.map((q) => q.get('cursor'))).toEqual([null, '2', '4']);
  });

  it('searches on the server, so users on pages not yet loaded are found', async () => {
    const queries = pagedUsers();
    renderWithProviders(<AppRoutes />, { route: '/admin/users' });
    await screen.findByTestId('users-table', {}, PAGE_LOAD);
    // "dee" is on the third page, never loaded here.
    await userEvent.type(screen.getByRole('searchbox', { name: 'Find a user' }), '  Dee ');
    await waitFor(() => expect(shownIds()).toEqual(['dee']));
    expect(queries.at(-1)?.get('q')).toBe('Dee');
    expect(queries.at(-1)?.get('cursor')).toBeNull();
  });

  it('pages through search results too', async () => {
    const queries = pagedUsers();
    renderWithProviders(<AppRoutes />, { route: '/admin/users' });
    await screen.findByTestId('users-table', {}, PAGE_LOAD);
    await userEvent.type(screen.getByRole('searchbox', { name: 'Find a user' }), 'o');
    // Every display name holds an "o" ("… Person"): the results take three pages.
    await waitFor(() => expect(queries.at(-1)?.get('q')).toBe('o'));
    await waitFor(() => expect(shownIds()).toEqual(['ada', 'bob']));
    await userEvent.click(screen.getByRole('button', { name: 'Load more users' }));
    await waitFor(() => expect(queries.at(-1)?.get('cursor')).toBe('2'));
    expect(queries.at(-1)?.get('q')).toBe('o');
  });

  it('says so when no user matches', async () => {
    pagedUsers();
    renderWithProviders(<AppRoutes />, { route: '/admin/users' });
    await screen.findByTestId('users-table', {}, PAGE_LOAD);
    await userEvent.type(screen.getByRole('searchbox', { name: 'Find a user' }), 'zed');
    expect(await screen.findByText('No user matches “zed”.')).toBeInTheDocument();
  });

  it('keeps the loaded users and says why when the next page fails', async () => {
    pagedUsers();
    renderWithProviders(<AppRoutes />, { route: '/admin/users' });
    await screen.findByTestId('users-table', {}, PAGE_LOAD);
    server.use(
      http.get(api('/api/billing/users'), () =>
        apiError(400, 'validation_error', 'query.cursor: not a cursor'),
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Load more users' }));
    expect(
      await screen.findByText(/Could not load more users: query.cursor: not a cursor/),
    ).toBeInTheDocument();
    expect(shownIds()).toEqual(['ada', 'bob']);
  });
});
