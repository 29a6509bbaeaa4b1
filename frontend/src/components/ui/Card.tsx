import { m } from 'motion/react';
import { type ReactNode, useState } from 'react';
import { cardVariants } from '../../theme/motion.ts';
import { typography } from '../../theme/typography.ts';

type CardProps = {
  title?: string;
  /** Sits right of the title (a button, a badge). */
  action?: ReactNode;
  children: ReactNode;
  className?: string;
  /** Lifts on hover (the spec's card hover); for small cards, not for charts or tables. */
  isInteractive?: boolean;
  headingLevel?: 'h2' | 'h3';
};

const base = 'min-w-0 rounded-xl bg-white p-4 ring-1 ring-gray-200 sm:p-6';

export function Card({
  title,
  action,
  children,
  className = '',
  isInteractive,
  headingLevel = 'h2',
}: CardProps) {
  const Heading = headingLevel;
  const header =
    title || action ? (
      <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
        {title ? <Heading className={typography.subheading}>{title}</Heading> : <span />}
        {action}
      </div>
    ) : null;

  // Hover is tracked here rather than with `whileHover`, so the app needs only motion's animation
  // features (domMin), not its gesture bundle: a few kilobytes less on the first screen.
  const [isHovered, setIsHovered] = useState(false);

  if (!isInteractive) {
    return (
      <section className={`${base} shadow-md ${className}`}>
        {header}
        {children}
      </section>
    );
  }
  return (
    <m.section
      className={`${base} ${className}`}
      variants={cardVariants}
      initial="rest"
      animate={isHovered ? 'hover' : 'rest'}
      onMouseEnter={() => setIsHovered(true)}
      onMouseLeave={() => setIsHovered(false)}
    >
      {header}
      {children}
    </m.section>
  );
}
