import type { ReactNode } from 'react';

/**
 * A wide table's own horizontal scroller, so the page never scrolls sideways on a phone. It is
 * focusable and labelled so keyboard users can scroll it too.
 */
export function ScrollArea({ label, children }: { label: string; children: ReactNode }) {
  return (
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to be scrolled
      tabIndex={0}
      className="-mx-4 overflow-x-auto focus-visible:outline-2 focus-visible:outline-primary-500 sm:mx-0"
    >
      {children}
    </section>
  );
}
