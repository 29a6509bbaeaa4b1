import { Link } from 'react-router';
import { PAGE_PATHS } from '../app/pagePaths.ts';
import { Page } from '../components/layout/Page.tsx';

export default function NotFoundPage() {
  return (
    <Page title="Page not found">
      <p className="text-gray-700">There is nothing at this address.</p>
      <Link
        to={PAGE_PATHS.overview}
        className="mt-4 inline-block font-medium text-primary-700 hover:underline"
      >
        Go to the billing overview
      </Link>
    </Page>
  );
}
