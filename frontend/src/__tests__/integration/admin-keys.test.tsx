import type { ApiKey } from '@spendscope/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { AppRoutes } from '../../app/AppRoutes.tsx';
import { makeMe } from '../../test/fixtures.ts';
import { renderWithProviders } from '../../test/render.tsx';
import { api, apiError, server } from '../../test/server.ts';

const PAGE_LOAD = { timeout: 10_000 };
const SECRET = 'sk_abcdefghijklmnopqrstuvwxyz0123456789ABCD';

const key = (overrides: Partial<ApiKey> & Pick<ApiKey, 'id' | 'name'>): ApiKey => ({
  prefix: `sk_key${overrides.id}xx`,
  created_at: '2026-11-01T09:00:00.000Z',
  ...overrides,
});

/** An admin session and a keys API holding `keys`, recording what the page sends. */
function keysServer(keys: ApiKey[]) {
  const sent: { method: string; path: string; body: unknown }[] = [];
  /** Records the request and returns its JSON body. */
  const record = async (request: Request) => {
    const text = await request.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    sent.push({ method: request.method, path: new URL(request.url).pathname, body });
    return body as { name: string };
  };
  server.use(
    http.get(api('/api/me'), () =>
      HttpResponse.json(makeMe({ user_id: 'ops', role: 'admin', display_name: 'Ops' })),
    ),
    http.get(api('/api/admin/keys'), () => HttpResponse.json({ keys })),
    http.post(api('/api/admin/keys'), async ({ request }) => {
      const { name } = await record(request);
      const created = key({ id: 99, name, prefix: SECRET.slice(0, 10) });
      keys.push(created);
      return HttpResponse.json({ key: created, secret: SECRET }, { status: 201 });
    }),
    http.patch(api('/api/admin/keys/:keyId'), async ({ request, params }) => {
      const { name } = await record(request);
      const found = keys.find((k) => k.id === Number(params.keyId));
      if (!found) return apiError(404, 'not_found', 'ingestion key was not found');
      found.name = name;
      return HttpResponse.json({ key: found });
    }),
    http.post(api('/api/admin/keys/:keyId/revoke'), async ({ request, params }) => {
      await record(request);
      const found = keys.find((k) => k.id === Number(params.keyId));
      if (!found) return apiError(404, 'not_found', 'ingestion key was not found');
      found.revoked_at = '2026-11-20T12:00:00.000Z';
      return HttpResponse.json({ key: found });
    }),
  );
  return sent;
}

const row = (id: number) => screen.getByTestId(`key-row-${id}`);

describe('ingestion keys page', { timeout: 20_000 }, () => {
  it('lists every key with its prefix, last use and status', async () => {
    keysServer([
      key({ id: 1, name: 'Production', last_used_at: '2026-11-20T11:59:00.000Z' }),
      key({ id: 2, name: 'Old laptop', revoked_at: '2026-11-02T10:00:00.000Z' }),
    ]);
    renderWithProviders(<AppRoutes />, { route: '/admin/keys' });
    await screen.findByTestId('keys-table', {}, PAGE_LOAD);
    expect(within(row(1)).getByText('sk_key1xx…')).toBeInTheDocument();
    expect(within(row(1)).getByText('Active')).toBeInTheDocument();
    expect(within(row(2)).getByText('Revoked')).toBeInTheDocument();
    expect(within(row(2)).getByText('Never')).toBeInTheDocument();
    expect(within(row(2)).queryByRole('button', { name: /Revoke/ })).not.toBeInTheDocument();
  });

  it('shows a new key once, with a warning and a copy button, then adds it to the list', async () => {
    const sent = keysServer([key({ id: 1, name: 'Production' })]);
    const user = userEvent.setup();
    renderWithProviders(<AppRoutes />, { route: '/admin/keys' });
    await screen.findByTestId('keys-table', {}, PAGE_LOAD);

    await user.type(screen.getByLabelText('Key name'), 'Staging');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    const reveal = await screen.findByTestId('new-key-secret');
    expect(within(reveal).getByTestId('new-key-value')).toHaveTextContent(SECRET);
    expect(reveal).toHaveTextContent(/only time it is shown/);
    expect(sent).toEqual([{ method: 'POST', path: '/api/admin/keys', body: { name: 'Staging' } }]);
    expect(within(screen.getByTestId('keys-table')).getByText('Staging')).toBeInTheDocument();

    await user.click(within(reveal).getByRole('button', { name: 'Copy key' }));
    expect(await navigator.clipboard.readText()).toBe(SECRET);
    expect(await screen.findByText('Copied to the clipboard.')).toBeInTheDocument();

    await user.click(within(reveal).getByRole('button', { name: 'Done' }));
    expect(screen.queryByTestId('new-key-secret')).not.toBeInTheDocument();
    expect(screen.queryByText(SECRET)).not.toBeInTheDocument();
  });

  it('asks for a name before creating a key, and shows what the server refused', async () => {
    const sent = keysServer([]);
    server.use(
      http.post(api('/api/admin/keys'), () =>
        apiError(400, 'validation_error', 'body.name: name must be at most 100 characters'),
      ),
    );
    const user = userEvent.setup();
    renderWithProviders(<AppRoutes />, { route: '/admin/keys' });
    await screen.findByText('No keys yet: create one above.', {}, PAGE_LOAD);
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Give the key a name');
    expect(screen.getByLabelText('Key name')).toHaveAttribute('aria-invalid', 'true');
    expect(sent).toEqual([]);

    await user.type(screen.getByLabelText('Key name'), 'x');
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('name must be at most 100 characters');
  });

  it('renames a key from the keyboard', async () => {
    const sent = keysServer([key({ id: 1, name: 'Production' })]);
    const user = userEvent.setup();
    renderWithProviders(<AppRoutes />, { route: '/admin/keys' });
    await screen.findByTestId('keys-table', {}, PAGE_LOAD);
    await user.click(screen.getByRole('button', { name: 'Rename Production' }));
    const field = screen.getByLabelText('New name for Production');
    expect(field).toHaveFocus();
    await user.clear(field);
    await user.type(field, 'Production (EU){Enter}');
    await waitFor(() => expect(within(row(1)).getByText('Production (EU)')).toBeInTheDocument());
    expect(sent).toEqual([{ method: 'PATCH', path: '/api/admin/keys/1', body: { name: 'Production (EU)' } }]);
  });

  it('revokes a key only after confirmation', async () => {
    const sent = keysServer([key({ id: 1, name: 'Production' })]);
    const user = userEvent.setup();
    renderWithProviders(<AppRoutes />, { route: '/admin/keys' });
    await screen.findByTestId('keys-table', {}, PAGE_LOAD);

    await user.click(screen.getByRole('button', { name: 'Revoke Production' }));
    expect(screen.getByRole('group', { name: 'Confirm revoking Production' })).toHaveTextContent(
      'cannot be undone',
    );
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(sent).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Revoke Production' }));
    expect(screen.getByRole('button', { name: 'Yes, revoke' })).toHaveFocus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(within(row(1)).getByText('Revoked')).toBeInTheDocument());
    expect(sent).toEqual([{ method: 'POST', path: '/api/admin/keys/1/revoke', body: undefined }]);
  });

  it('is for admins only', async () => {
    renderWithProviders(<AppRoutes />, { route: '/admin/keys' });
    expect(await screen.findByRole('alert', {}, PAGE_LOAD)).toHaveTextContent('Only administrators');
  });
});
