import type { ReactNode } from 'react';

/** A small rounded label; colours come from the theme's status styles. */
export function Badge({
  className,
  children,
  testId,
}: {
  className: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <span
      data-testid={testId}
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${className}`}
    >
      {children}
    </span>
  );
}
