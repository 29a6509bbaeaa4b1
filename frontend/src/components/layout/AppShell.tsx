import { AnimatePresence, m } from 'motion/react';
import { Suspense } from 'react';
import { Link, useLocation, useOutlet } from 'react-router';
import { PAGE_PATHS } from '../../app/pagePaths.ts';
import { responsiveGrid } from '../../theme/layout.ts';
import { pageVariants } from '../../theme/motion.ts';
import { useViewer } from '../session/viewer.ts';
import { LoadingRegion, ShimmerEffect, SkeletonCard } from '../ui/Skeleton.tsx';
import { LiveData } from './LiveData.tsx';
import { DesktopNavigation, MobileNavigation } from './Navigation.tsx';

export function PageFallback() {
  return (
    <LoadingRegion label="page">
      <div className="max-w-xs">
        <ShimmerEffect className="h-8" />
      </div>
      <div className={`mt-6 ${responsiveGrid}`}>
        <SkeletonCard />
        <SkeletonCard />
        <SkeletonCard />
      </div>
    </LoadingRegion>
  );
}

function ViewingBanner() {
  const { userId, isViewingOther } = useViewer();
  if (!isViewingOther) return null;
  return (
    <div className="border-t border-primary-100 bg-primary-50">
      <p className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-3 px-4 py-2 text-sm text-primary-900 sm:px-6 lg:px-8">
        <span>
          Viewing <strong className="font-semibold">{userId}</strong> as an administrator.
        </span>
        <Link to={PAGE_PATHS.adminUsers} className="font-medium underline underline-offset-2">
          Back to all users
        </Link>
      </p>
    </div>
  );
}

function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() ?? '');
  return (letters.length > 1 ? `${letters[0]}${letters.at(-1)}` : (letters[0] ?? '?')).slice(0, 2);
}

/** Who is signed in (not whose data is shown: the banner says that). */
function UserChip({ name, userId, isAdmin }: { name: string; userId: string; isAdmin: boolean }) {
  return (
    <span className="flex items-center gap-2" title={userId}>
      <span
        className="inline-flex size-8 items-center justify-center rounded-full bg-primary-100 text-xs font-semibold text-primary-900"
        aria-hidden="true"
      >
        {initials(name)}
      </span>
      <span className="hidden max-w-36 flex-col leading-tight xl:flex">
        <span className="truncate text-sm font-medium text-gray-800">{name}</span>
        <span className="text-xs text-gray-500">{isAdmin ? 'Administrator' : 'Signed in'}</span>
      </span>
      <span className="sr-only xl:hidden">Signed in as {name}</span>
    </span>
  );
}

/** Header, navigation and the animated page area around every page. */
export function AppShell() {
  const { me, userId, isAdmin } = useViewer();
  const location = useLocation();
  const outlet = useOutlet();

  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <header className="relative border-b border-gray-200 bg-white">
        <div className="mx-auto flex max-w-7xl items-center gap-3 px-4 py-3 sm:px-6 lg:gap-6 lg:px-8">
          <Link
            to={PAGE_PATHS.overview}
            className="flex shrink-0 items-center gap-2 text-lg font-bold text-gray-900"
          >
            <span className="inline-block size-6 rounded-md bg-primary-600" aria-hidden="true" />
            Spendscope
          </Link>
          <DesktopNavigation />
          <div className="ml-auto flex items-center gap-2 sm:gap-3">
            <LiveData userId={userId} />
            <UserChip name={me.display_name} userId={me.user_id} isAdmin={isAdmin} />
            <MobileNavigation />
          </div>
        </div>
        <ViewingBanner />
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
        <Suspense fallback={<PageFallback />}>
          <AnimatePresence mode="wait" initial={false}>
            <m.div
              key={location.pathname}
              variants={pageVariants}
              initial="initial"
              animate="animate"
              exit="exit"
              transition={{ duration: 0.2 }}
            >
              {outlet}
            </m.div>
          </AnimatePresence>
        </Suspense>
      </main>
    </div>
  );
}
