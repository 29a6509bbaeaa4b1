import { useEffect, useId, useRef, useState } from 'react';
import { NavLink, useLocation } from 'react-router';
import { ADMIN_PATH_PREFIX, PAGE_PATHS } from '../../app/pagePaths.ts';
import { UnreadBadge } from '../billing/UnreadBadge.tsx';
import { useUserLink, useViewer } from '../session/viewer.ts';

type NavItem = { to: string; label: string; hasUnreadBadge?: boolean; end?: boolean };

const NAV_ITEMS: NavItem[] = [
  { to: PAGE_PATHS.overview, label: 'Overview', end: true },
  { to: PAGE_PATHS.trends, label: 'Trends' },
  { to: PAGE_PATHS.alerts, label: 'Alerts', hasUnreadBadge: true },
  { to: PAGE_PATHS.plans, label: 'Plans' },
  { to: PAGE_PATHS.pricing, label: 'Pricing' },
  { to: PAGE_PATHS.monitoring, label: 'Monitoring' },
];

/** The operator console: shown to admins only, as its own group. */
export const ADMIN_NAV_ITEMS: NavItem[] = [
  { to: PAGE_PATHS.adminUsers, label: 'Users' },
  { to: PAGE_PATHS.adminKeys, label: 'Ingestion keys' },
  { to: PAGE_PATHS.adminPlans, label: 'Plan settings' },
  { to: PAGE_PATHS.adminChannels, label: 'Alert channels' },
];

const linkClass = ({ isActive }: { isActive: boolean }) =>
  `flex items-center rounded-md px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-primary-500 ${
    isActive ? 'bg-primary-50 text-primary-700' : 'text-gray-600 hover:bg-gray-100 hover:text-gray-900'
  }`;

function Links({ onNavigate }: { onNavigate?: () => void }) {
  const { userId } = useViewer();
  const userLink = useUserLink();
  return (
    <>
      {NAV_ITEMS.map((item) => (
        <li key={item.to}>
          <NavLink
            to={userLink(item.to)}
            end={item.end === true}
            className={linkClass}
            {...(onNavigate ? { onClick: onNavigate } : {})}
          >
            {item.label}
            {item.hasUnreadBadge ? <UnreadBadge userId={userId} /> : null}
          </NavLink>
        </li>
      ))}
    </>
  );
}

function AdminLinks({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <>
      {ADMIN_NAV_ITEMS.map((item) => (
        <li key={item.to}>
          <NavLink to={item.to} className={linkClass} onClick={onNavigate}>
            {item.label}
          </NavLink>
        </li>
      ))}
    </>
  );
}

/**
 * The console's links behind an "Admin" button (a disclosure): Escape or a click elsewhere closes it,
 * and focus goes back to the button.
 */
function AdminMenu() {
  const [isOpen, setIsOpen] = useState(false);
  const menuId = useId();
  const rootRef = useRef<HTMLLIElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const location = useLocation();
  const isInConsole = location.pathname.startsWith(ADMIN_PATH_PREFIX);

  useEffect(() => {
    if (!isOpen) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setIsOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [isOpen]);

  return (
    <li
      ref={rootRef}
      className="relative"
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !isOpen) return;
        setIsOpen(false);
        buttonRef.current?.focus();
      }}
      onBlur={(event) => {
        if (isOpen && !rootRef.current?.contains(event.relatedTarget as Node | null)) setIsOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={isOpen}
        aria-controls={menuId}
        onClick={() => setIsOpen((open) => !open)}
        className={`${linkClass({ isActive: isInConsole })} gap-1`}
      >
        Admin
        <svg viewBox="0 0 20 20" className="size-4" fill="currentColor" aria-hidden="true">
          <path d="M5.2 7.2a1 1 0 0 1 1.4 0L10 10.6l3.4-3.4a1 1 0 1 1 1.4 1.4l-4.1 4.1a1 1 0 0 1-1.4 0L5.2 8.6a1 1 0 0 1 0-1.4Z" />
        </svg>
      </button>
      {isOpen ? (
        <ul
          id={menuId}
          className="absolute right-0 top-full z-30 mt-1 w-48 space-y-1 rounded-lg bg-white p-2 shadow-lg ring-1 ring-gray-200"
        >
          <AdminLinks onNavigate={() => setIsOpen(false)} />
        </ul>
      ) : null}
    </li>
  );
}

/** The links in a row, from `lg` up; admins also get the console's menu. */
export function DesktopNavigation() {
  const { isAdmin } = useViewer();
  return (
    <nav aria-label="Main" className="hidden lg:block">
      <ul className="flex items-center gap-1">
        <Links />
        {isAdmin ? <AdminMenu /> : null}
      </ul>
    </nav>
  );
}

/** Below `lg`: a menu button that opens the same links as a list under the header. */
export function MobileNavigation() {
  const [isOpen, setIsOpen] = useState(false);
  const menuId = useId();
  const adminHeadingId = useId();
  const { isAdmin } = useViewer();
  const location = useLocation();
  const [openedAt, setOpenedAt] = useState(location.key);
  // Close the menu when the route changes (e.g. via the browser's back button).
  if (isOpen && openedAt !== location.key) {
    setIsOpen(false);
    setOpenedAt(location.key);
  }

  return (
    <nav aria-label="Main" className="lg:hidden">
      <button
        type="button"
        className="rounded-md p-2 text-gray-700 ring-1 ring-gray-300 hover:bg-gray-100 focus-visible:outline-2 focus-visible:outline-primary-500"
        aria-expanded={isOpen}
        aria-controls={menuId}
        onClick={() => {
          setIsOpen((open) => !open);
          setOpenedAt(location.key);
        }}
      >
        <span className="sr-only">{isOpen ? 'Close menu' : 'Open menu'}</span>
        <svg viewBox="0 0 20 20" className="size-5" fill="currentColor" aria-hidden="true">
          {isOpen ? (
            <path d="M5.3 4.3a1 1 0 0 0-1.4 1.4L8.6 10l-4.7 4.3a1 1 0 1 0 1.4 1.4L10 11.4l4.3 4.3a1 1 0 0 0 1.4-1.4L11.4 10l4.3-4.3a1 1 0 0 0-1.4-1.4L10 8.6 5.3 4.3Z" />
          ) : (
            <path d="M3 5a1 1 0 0 1 1-1h12a1 1 0 1 1 0 2H4a1 1 0 0 1-1-1Zm0 5a1 1 0 0 1 1-1h12a1 1 0 1 1 0 2H4a1 1 0 0 1-1-1Zm1 4a1 1 0 1 0 0 2h12a1 1 0 1 0 0-2H4Z" />
          )}
        </svg>
      </button>
      {isOpen ? (
        <ul
          id={menuId}
          className="absolute inset-x-0 top-full z-30 space-y-1 border-b border-gray-200 bg-white p-3 shadow-lg"
        >
          <Links onNavigate={() => setIsOpen(false)} />
          {isAdmin ? (
            <li>
              <p
                className="px-3 pb-1 pt-3 text-xs font-semibold uppercase tracking-wide text-gray-500"
                id={adminHeadingId}
              >
                Admin
              </p>
              <ul aria-labelledby={adminHeadingId} className="space-y-1">
                <AdminLinks onNavigate={() => setIsOpen(false)} />
              </ul>
            </li>
          ) : null}
        </ul>
      ) : null}
    </nav>
  );
}
