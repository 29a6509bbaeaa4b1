import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { AppRoutes } from '../../app/AppRoutes.tsx';
import { makeMe } from '../../test/fixtures.ts';
import { renderWithProviders } from '../../test/render.tsx';
import { api, server } from '../../test/server.ts';

const PAGE_LOAD = { timeout: 10_000 };

const signInAsAdmin = () =>
  server.use(
    http.get(api('/api/me'), () =>
      HttpResponse.json(makeMe({ user_id: 'ops', role: 'admin', display_name: 'Ops' })),
    ),
  );

describe('the admin menu', { timeout: 20_000 }, () => {
  it('opens from the keyboard, closes on Escape with focus back on its button, and leads to the console', async () => {
    signInAsAdmin();
    const user = userEvent.setup();
    renderWithProviders(<AppRoutes />, { route: '/billing' });
    const main = (await screen.findAllByRole('navigation', { name: 'Main' }, PAGE_LOAD))[0] as HTMLElement;
    const button = await within(main).findByRole('button', { name: 'Admin' }, PAGE_LOAD);
    expect(button).toHaveAttribute('aria-expanded', 'false');
    button.focus();
    await user.keyboard('{Enter}');
    expect(button).toHaveAttribute('aria-expanded', 'true');
    const links = within(main)
      .getAllByRole('link')
      .map((link) => link.textContent);
    expect(links).toEqual(
      expect.arrayContaining(['Users', 'Ingestion keys', 'Plan settings', 'Alert channels']),
    );
    await user.keyboard('{Escape}');
    expect(button).toHaveAttribute('aria-expanded', 'false');
    expect(button).toHaveFocus();

    await user.keyboard('{Enter}');
    await user.click(within(main).getByRole('link', { name: 'Plan settings' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Plan settings' }, PAGE_LOAD),
    ).toBeInTheDocument();
    expect(button).toHaveAttribute('aria-expanded', 'false');
  });

  it('is not there for a user who is not an admin', async () => {
    renderWithProviders(<AppRoutes />, { route: '/billing' });
    expect(await screen.findByTestId('total-cost', {}, PAGE_LOAD)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Admin' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Ingestion keys' })).not.toBeInTheDocument();
  });
});
