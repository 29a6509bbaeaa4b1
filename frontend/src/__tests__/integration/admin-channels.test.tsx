import type { Channel, Delivery } from '@spendscope/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { AppRoutes } from '../../app/AppRoutes.tsx';
import { makeMe } from '../../test/fixtures.ts';
import { renderWithProviders } from '../../test/render.tsx';
import { api, apiError, server } from '../../test/server.ts';

const PAGE_LOAD = { timeout: 10_000 };

const channel = (overrides: Partial<Channel> = {}): Channel => ({
  id: 'chn_ops',
  kind: 'webhook',
  name: 'Ops webhook',
  target: 'https://hooks.example.com/…',
  min_severity: 'warning',
  kinds: [],
  enabled: true,
  disabled_reason: null,
  created_at: '2026-11-01T09:00:00.000Z',
  ...overrides,
});

const delivery = (overrides: Partial<Delivery> = {}): Delivery => ({
  id: 'msg_1',
  channel_id: 'chn_ops',
  alert_id: null,
  status: 'delivered',
  attempts: 1,
  next_attempt_at: null,
  last_error: null,
  last_status: 200,
  created_at: '2026-11-20T12:00:00.000Z',
  delivered_at: '2026-11-20T12:00:01.000Z',
  ...overrides,
});

/** An admin session and a channels API, recording what the page sends. */
function channelsServer(state: { channels: Channel[]; deliveries: Delivery[] }) {
  const sent: { method: string; path: string; body?: unknown }[] = [];
  const record = async (request: Request) => {
    const text = await request.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    sent.push({ method: request.method, path: new URL(request.url).pathname, ...(text ? { body } : {}) });
    return body as Record<string, unknown>;
  };
  server.use(
    http.get(api('/api/me'), () =>
      HttpResponse.json(makeMe({ user_id: 'ops', role: 'admin', display_name: 'Ops' })),
    ),
    http.get(api('/api/admin/channels'), () => HttpResponse.json({ channels: state.channels })),
    http.post(api('/api/admin/channels'), async ({ request }) => {
      const body = await record(request);
      const created = channel({ id: 'chn_new', name: String(body.name), target: String(body.url) });
      state.channels.push(created);
      return HttpResponse.json({ channel: created, secret: 'whsec_c2VjcmV0' }, { status: 201 });
    }),
    http.patch(api('/api/admin/channels/:channelId'), async ({ request, params }) => {
      const body = await record(request);
      const index = state.channels.findIndex((c) => c.id === params.channelId);
      const updated = { ...(state.channels[index] as Channel), ...body } as Channel;
      state.channels[index] = updated;
      return HttpResponse.json({ channel: updated });
    }),
    http.delete(api('/api/admin/channels/:channelId'), async ({ request, params }) => {
      await record(request);
      state.channels = state.channels.filter((c) => c.id !== params.channelId);
      return new HttpResponse(null, { status: 204 });
    }),
    http.post(api('/api/admin/channels/:channelId/test'), async ({ request }) => {
      await record(request);
      const queued = delivery({ id: 'msg_test', status: 'pending', attempts: 0, last_status: null });
      state.deliveries.unshift(queued);
      return HttpResponse.json({ delivery: queued }, { status: 202 });
    }),
    http.get(api('/api/admin/channels/:channelId/deliveries'), () =>
      HttpResponse.json({ deliveries: state.deliveries, next_cursor: null }),
    ),
    http.post(api('/api/admin/deliveries/:deliveryId/retry'), async ({ request, params }) => {
      await record(request);
      state.deliveries = state.deliveries.map((d) =>
        d.id === params.deliveryId ? { ...d, status: 'delivered', last_status: 200, last_error: null } : d,
      );
      return HttpResponse.json({ delivery: state.deliveries.find((d) => d.id === params.deliveryId) });
    }),
  );
  return sent;
}

describe('alert channels page', { timeout: 20_000 }, () => {
  it('adds a webhook channel and shows its signing secret once', async () => {
    const sent = channelsServer({ channels: [], deliveries: [] });
    const user = userEvent.setup();
    renderWithProviders(<AppRoutes />, { route: '/admin/channels' });
    await screen.findByText('No channels yet: add one above.', {}, PAGE_LOAD);
    const form = screen.getByRole('form', { name: 'Add a channel' });
    await user.type(within(form).getByLabelText('Channel name'), 'Pager');
    await user.type(within(form).getByLabelText('Webhook URL'), 'not a url');
    await user.click(within(form).getByRole('button', { name: 'Add channel' }));
    expect(screen.getByRole('alert')).toHaveTextContent('url must be an http(s) URL');
    expect(sent).toEqual([]);

    await user.clear(within(form).getByLabelText('Webhook URL'));
    await user.type(within(form).getByLabelText('Webhook URL'), 'https://hooks.example.com/in');
    await user.selectOptions(within(form).getByLabelText('Least severity'), 'error');
    await user.click(within(form).getByRole('button', { name: 'Add channel' }));
    expect(await screen.findByTestId('new-channel-secret')).toHaveTextContent('whsec_c2VjcmV0');
    expect(sent).toEqual([
      {
        method: 'POST',
        path: '/api/admin/channels',
        body: {
          kind: 'webhook',
          url: 'https://hooks.example.com/in',
          name: 'Pager',
          min_severity: 'error',
          kinds: [],
        },
      },
    ]);
    expect(await screen.findByTestId('channel-chn_new')).toHaveTextContent('Pager');
  });

  it('asks an email channel for its address, sends it as `to` and then clears name and address only', async () => {
    const sent = channelsServer({ channels: [], deliveries: [] });
    const user = userEvent.setup();
    renderWithProviders(<AppRoutes />, { route: '/admin/channels' });
    await screen.findByText('No channels yet: add one above.', {}, PAGE_LOAD);
    const form = within(screen.getByRole('form', { name: 'Add a channel' }));
    await user.selectOptions(form.getByLabelText('Kind'), 'email');
    expect(form.queryByLabelText('Webhook URL')).not.toBeInTheDocument();
    expect(form.getByLabelText('Email address')).toHaveAttribute('type', 'email');
    await user.type(form.getByLabelText('Channel name'), 'On call');
    await user.type(form.getByLabelText('Email address'), 'oncall@example.com');
    await user.selectOptions(form.getByLabelText('Least severity'), 'warning');
    await user.click(form.getByRole('checkbox', { name: 'Anomalies' }));
    await user.click(form.getByRole('button', { name: 'Add channel' }));
    await waitFor(() => expect(form.getByLabelText('Channel name')).toHaveValue(''));
    expect(form.getByLabelText('Email address')).toHaveValue('');
    expect(form.getByLabelText('Least severity')).toHaveValue('warning');
    expect(form.getByRole('checkbox', { name: 'Anomalies' })).toBeChecked();
    expect(sent.map((s) => s.body)).toEqual([
      {
        kind: 'email',
        to: 'oncall@example.com',
        name: 'On call',
        min_severity: 'warning',
        kinds: ['anomaly'],
      },
    ]);
  });

  it('sends a test and shows it in the delivery log; a failed delivery can be retried now', async () => {
    const failed = delivery({
      id: 'msg_failed',
      status: 'failed',
      attempts: 3,
      last_status: 503,
      last_error: 'Service Unavailable',
    });
    const sent = channelsServer({ channels: [channel()], deliveries: [failed] });
    const user = userEvent.setup();
    renderWithProviders(<AppRoutes />, { route: '/admin/channels' });
    const card = await screen.findByTestId('channel-chn_ops', {}, PAGE_LOAD);
    await user.click(within(card).getByRole('button', { name: 'Send test' }));
    const log = await within(card).findByTestId('deliveries-chn_ops');
    await waitFor(() => expect(within(log).getByTestId('delivery-msg_test')).toHaveTextContent('Test'));
    expect(within(log).getByTestId('delivery-msg_failed')).toHaveTextContent('503 Service Unavailable');

    await user.click(within(log).getByRole('button', { name: /^Retry delivery/ }));
    await waitFor(() =>
      expect(within(log).getByTestId('delivery-msg_failed')).toHaveAttribute('data-status', 'delivered'),
    );
    expect(sent.map((s) => `${s.method} ${s.path}`)).toEqual([
      'POST /api/admin/channels/chn_ops/test',
      'POST /api/admin/deliveries/msg_failed/retry',
    ]);
  });

  it('disables, edits and deletes (after confirmation) a channel', async () => {
    const sent = channelsServer({ channels: [channel()], deliveries: [] });
    const user = userEvent.setup();
    renderWithProviders(<AppRoutes />, { route: '/admin/channels' });
    const card = await screen.findByTestId('channel-chn_ops', {}, PAGE_LOAD);
    await user.click(within(card).getByRole('button', { name: 'Disable' }));
    await waitFor(() =>
      expect(within(screen.getByTestId('channel-chn_ops')).getByText('Disabled')).toBeInTheDocument(),
    );

    await user.click(within(screen.getByTestId('channel-chn_ops')).getByRole('button', { name: 'Edit' }));
    const edit = screen.getByRole('form', { name: 'Edit Ops webhook' });
    await user.clear(within(edit).getByLabelText('Channel name'));
    await user.type(within(edit).getByLabelText('Channel name'), 'Ops hook');
    await user.click(within(edit).getByRole('button', { name: 'Save channel' }));
    await waitFor(() => expect(screen.getByTestId('channel-chn_ops')).toHaveTextContent('Ops hook'));

    await user.click(within(screen.getByTestId('channel-chn_ops')).getByRole('button', { name: 'Delete' }));
    await user.click(screen.getByRole('button', { name: 'Yes, delete “Ops hook”' }));
    expect(await screen.findByText('No channels yet: add one above.')).toBeInTheDocument();
    expect(sent.map((s) => [s.method, s.body])).toEqual([
      ['PATCH', { enabled: false }],
      ['PATCH', { name: 'Ops hook', min_severity: 'warning', kinds: [] }],
      ['DELETE', undefined],
    ]);
  });

  it("sends a new target only when one is typed, as an email channel's address or a webhook's URL", async () => {
    const sent = channelsServer({
      channels: [
        channel(),
        channel({ id: 'chn_mail', kind: 'email', name: 'Ops mail', target: 'o…@example.com' }),
      ],
      deliveries: [],
    });
    const user = userEvent.setup();
    renderWithProviders(<AppRoutes />, { route: '/admin/channels' });
    const mail = await screen.findByTestId('channel-chn_mail', {}, PAGE_LOAD);
    await user.click(within(mail).getByRole('button', { name: 'Edit' }));
    const mailForm = screen.getByRole('form', { name: 'Edit Ops mail' });
    expect(within(mailForm).getByLabelText('New email address')).toHaveValue('');
    await user.type(within(mailForm).getByLabelText('New email address'), ' oncall@example.com ');
    await user.click(within(mailForm).getByRole('checkbox', { name: 'Limits reached' }));
    await user.click(within(mailForm).getByRole('button', { name: 'Save channel' }));
    await waitFor(() =>
      expect(screen.queryByRole('form', { name: 'Edit Ops mail' })).not.toBeInTheDocument(),
    );

    const hook = screen.getByTestId('channel-chn_ops');
    await user.click(within(hook).getByRole('button', { name: 'Edit' }));
    const hookForm = screen.getByRole('form', { name: 'Edit Ops webhook' });
    expect(within(hookForm).getByLabelText('Least severity')).toHaveValue('warning');
    await user.type(within(hookForm).getByLabelText('New URL'), 'https://hooks.example.com/v2');
    await user.selectOptions(within(hookForm).getByLabelText('Least severity'), 'info');
    await user.click(within(hookForm).getByRole('button', { name: 'Save channel' }));
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent.map((s) => [s.path, s.body])).toEqual([
      [
        '/api/admin/channels/chn_mail',
        { name: 'Ops mail', min_severity: 'warning', kinds: ['limit_reached'], to: 'oncall@example.com' },
      ],
      [
        '/api/admin/channels/chn_ops',
        { name: 'Ops webhook', min_severity: 'info', kinds: [], url: 'https://hooks.example.com/v2' },
      ],
    ]);
  });

  it('explains a failed list inside the list card and loads it again on retry, the form still there', async () => {
    channelsServer({ channels: [channel()], deliveries: [] });
    let failures = 1;
    server.use(
      http.get(api('/api/admin/channels'), () => {
        if (failures-- > 0) return apiError(503, 'unavailable', 'the database is not answering');
        return HttpResponse.json({ channels: [channel()] });
      }),
    );
    const user = userEvent.setup();
    renderWithProviders(<AppRoutes />, { route: '/admin/channels' });
    const heading = await screen.findByRole('heading', { level: 2, name: 'Channels' }, PAGE_LOAD);
    const list = within(heading.closest('section') as HTMLElement);
    expect(await list.findByRole('alert')).toHaveTextContent('could not load channels');
    expect(screen.getByRole('form', { name: 'Add a channel' })).toBeInTheDocument();

    await user.click(list.getByRole('button', { name: 'Try again' }));
    expect(await list.findByTestId('channel-chn_ops')).toHaveTextContent('Ops webhook');
    expect(list.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('is for admins only and never asks for the channels', async () => {
    const asked: string[] = [];
    server.use(
      http.get(api('/api/admin/channels'), ({ request }) => {
        asked.push(request.url);
        return HttpResponse.json({ channels: [] });
      }),
    );
    renderWithProviders(<AppRoutes />, { route: '/admin/channels' });
    expect(await screen.findByRole('alert', {}, PAGE_LOAD)).toHaveTextContent('Only administrators');
    expect(screen.getByRole('heading', { level: 1, name: 'Alert channels' })).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Add a channel' })).not.toBeInTheDocument();
    expect(asked).toEqual([]);
  });
});
