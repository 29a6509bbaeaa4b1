import { type ReactNode, useEffect } from 'react';
import { typography } from '../../theme/typography.ts';

type PageProps = {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
};

/** A page's heading row (one h1 per page) and body. */
export function Page({ title, description, actions, children }: PageProps) {
  useEffect(() => {
    document.title = `${title} · Spendscope`;
  }, [title]);
  return (
    <div>
      <div className="mb-6 flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between lg:mb-8">
        <div className="min-w-0">
          <h1 className={typography.heading}>{title}</h1>
          {description ? <p className={`mt-1 ${typography.caption}`}>{description}</p> : null}
        </div>
        {actions ? <div className="flex flex-wrap items-start gap-2">{actions}</div> : null}
      </div>
      {children}
    </div>
  );
}
