import type { AppContext } from '../context.ts';
import type { IngestResult } from '../domain/ingest.ts';

/**
 * The one ingest path every way in ends on: stores the reported events (validation, pricing, limits,
 * alerts, idempotency), then tells the live views what changed and the metrics what was reported.
 */
export async function reportEvents(ctx: AppContext, rawEvents: readonly unknown[]): Promise<IngestResult> {
  const result = await ctx.ingest.submit(rawEvents, ctx.clock());
  ctx.changes.publish({ touched: result.touched, newAlerts: result.newAlerts });
  ctx.metrics.recordReport({ rawEvents, ...result });
  // Forecast and anomaly alerts are judged after the commit, off this reply's path (throttled per user).
  ctx.alertWatch.note(new Set(result.touched.map((t) => t.userId)));
  return result;
}
