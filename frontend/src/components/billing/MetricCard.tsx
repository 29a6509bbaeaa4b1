import type { ReactNode } from 'react';
import { typography } from '../../theme/typography.ts';
import { AnimatedNumber } from '../ui/AnimatedNumber.tsx';
import { Card } from '../ui/Card.tsx';

type MetricCardProps = {
  label: string;
  value: number;
  format: (value: number) => string;
  testId: string;
  caption?: ReactNode;
};

/** One headline number of the overview. */
export function MetricCard({ label, value, format, testId, caption }: MetricCardProps) {
  return (
    <Card isInteractive>
      <h3 className={typography.caption}>{label}</h3>
      <p className={`mt-2 ${typography.metric}`}>
        <AnimatedNumber value={value} format={format} testId={testId} />
      </p>
      {caption ? <div className={`mt-1 ${typography.caption}`}>{caption}</div> : null}
    </Card>
  );
}
