import { type CostProjections, PROVIDERS, type UsageStats } from '@spendscope/contracts';
import {
  formatCompact,
  formatCount,
  formatCurrency,
  formatInteger,
  formatMs,
  formatPercent,
} from '../../lib/format.ts';
import { responsiveGrid } from '../../theme/layout.ts';
import { MetricCard } from './MetricCard.tsx';
import { projectionCaption } from './projectionCaption.ts';

function spendCaption(stats: UsageStats): string {
  const cap = stats.limits.limits.monthly_cost;
  if (cap <= 0) return 'No monthly spending cap';
  return `${formatPercent(stats.usage_percentages.cost, 0)} of the ${formatCurrency(cap)} monthly cap`;
}

/** The six headline numbers of the period, each counting up to its value. */
export function OverviewMetrics({ stats, projections }: { stats: UsageStats; projections: CostProjections }) {
  const providersUsed = PROVIDERS.filter((p) => stats.provider_breakdown[p].calls > 0).length;
  const failedCalls = Math.round((stats.total_calls * stats.error_rate) / 100);
  return (
    <>
      <h2 className="sr-only">This period at a glance</h2>
      <div className={responsiveGrid}>
        <MetricCard
          label="Spend this period"
          value={stats.total_cost}
          format={formatCurrency}
          testId="total-cost"
          caption={spendCaption(stats)}
        />
        <MetricCard
          label="API calls"
          value={stats.total_calls}
          format={formatInteger}
          testId="total-calls"
          caption={`Across ${formatCount(providersUsed, 'provider')}`}
        />
        <MetricCard
          label="Tokens"
          value={stats.total_tokens}
          format={formatCompact}
          testId="total-tokens"
          caption="Input, output and cached, all models"
        />
        <MetricCard
          label="Projected month-end spend"
          value={projections.projected_monthly_cost}
          format={formatCurrency}
          testId="projected-cost"
          caption={projectionCaption(projections)}
        />
        <MetricCard
          label="Average response time"
          value={stats.avg_response_time}
          format={formatMs}
          testId="avg-response-time"
          caption="Provider latency per call"
        />
        <MetricCard
          label="Error rate"
          value={stats.error_rate}
          format={(value) => formatPercent(value)}
          testId="error-rate"
          caption={`${formatCount(failedCalls, 'call')} failed`}
        />
      </div>
    </>
  );
}
