import { type ReactNode, useId } from 'react';

type TooltipProps = {
  /** The focusable thing the tip explains; it receives `aria-describedby`. */
  children: (describedBy: string) => ReactNode;
  content: ReactNode;
};

/** A tip shown on hover and on keyboard focus, without JavaScript positioning. */
export function Tooltip({ children, content }: TooltipProps) {
  const id = useId();
  return (
    <span className="group relative block">
      {children(id)}
      <span
        id={id}
        role="tooltip"
        className="pointer-events-none invisible absolute bottom-full left-0 z-20 mb-2 w-max max-w-64 rounded-lg bg-black/80 px-3 py-2 text-xs text-white opacity-0 shadow-lg transition-opacity group-focus-within:visible group-focus-within:opacity-100 group-hover:visible group-hover:opacity-100"
      >
        {content}
      </span>
    </span>
  );
}
