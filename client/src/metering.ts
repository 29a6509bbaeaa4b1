import type { Adapter } from './adapters/types.ts';
import type { Reporter } from './reporter.ts';
import type { ReportEvent, ReportResult } from './types.ts';

/** Who a call was made for and how to read its reply. */
export type MeteringMeta<Reply> = {
  /** The app's end user the call was made for. */
  user_id: string;
  /** Reads usage from the provider's reply, e.g. `openaiChat`. */
  adapter: Adapter<Reply>;
  /** Overrides the model the adapter reads from the reply (e.g. to price a snapshot name apart). */
  model?: string;
  /** Overrides the adapter's endpoint label. */
  endpoint?: string;
};

const MAX_ERROR_LENGTH = 2000;

/** A usage event for a provider reply, ready for `reporter.report()`. */
export function toUsageEvent<Reply>(
  meta: MeteringMeta<Reply>,
  reply: Reply,
  extra: Pick<ReportEvent, 'response_time_ms' | 'occurred_at' | 'event_id'> = {},
): ReportEvent {
  const usage = meta.adapter.usage(reply);
  const model = meta.model ?? usage.model;
  return {
    ...extra,
    ...usage,
    ...(model === undefined ? {} : { model }),
    user_id: meta.user_id,
    endpoint: meta.endpoint ?? meta.adapter.endpoint,
    status_code: 200,
  };
}

/** The HTTP status a provider SDK attached to an error (`status`, `statusCode` or `response.status`). */
export function statusOfError(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidates: unknown[] = [];
  if ('status' in error) candidates.push(error.status);
  if ('statusCode' in error) candidates.push(error.statusCode);
  if ('response' in error && typeof error.response === 'object' && error.response !== null) {
    if ('status' in error.response) candidates.push(error.response.status);
  }
  return candidates.find(
    (value): value is number =>
      typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599,
  );
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message || error.name : String(error);
  return (message || 'unknown error').slice(0, MAX_ERROR_LENGTH);
}

/** The event for a call that threw: no tokens, nothing billed by unit, the status and error it had. */
function failureEvent<Reply>(meta: MeteringMeta<Reply>, error: unknown, responseTimeMs: number): ReportEvent {
  const { adapter } = meta;
  return {
    user_id: meta.user_id,
    provider: adapter.provider,
    ...(meta.model === undefined ? {} : { model: meta.model }),
    endpoint: meta.endpoint ?? adapter.endpoint,
    // A per-request API that reports no unit is billed one; a failed call consumed none.
    ...(adapter.unit ? { [adapter.unit]: 0 } : {}),
    response_time_ms: responseTimeMs,
    // A failure without an HTTP status (network error, timeout, a bug) is reported as a server error.
    status_code: statusOfError(error) ?? 500,
    error: messageOf(error),
  };
}

/**
 * Runs a provider call and reports it: its duration, and on success the usage the adapter reads from the
 * reply; on failure the error's HTTP status (500 when it has none) and message. Returns the call's result
 * or rethrows its error unchanged; reporting never throws and never delays the call.
 */
export async function withMetering<Reply, Result extends Reply>(
  reporter: Pick<Reporter, 'report'>,
  meta: MeteringMeta<Reply>,
  call: () => Promise<Result>,
): Promise<Result> {
  const occurredAt = new Date().toISOString();
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let result: Result;
  try {
    result = await call();
  } catch (error) {
    report(reporter, { ...failureEvent(meta, error, elapsed()), occurred_at: occurredAt });
    throw error;
  }
  const responseTime = elapsed();
  let event: ReportEvent;
  try {
    event = toUsageEvent(meta, result, { response_time_ms: responseTime, occurred_at: occurredAt });
  } catch (error) {
    // An adapter that cannot read the reply still leaves a trace of the call, flagged with the reason.
    event = { ...failureEvent(meta, error, responseTime), status_code: 200, occurred_at: occurredAt };
  }
  report(reporter, event);
  return result;
}

function report(reporter: Pick<Reporter, 'report'>, event: ReportEvent): ReportResult | undefined {
  try {
    return reporter.report(event);
  } catch {
    return undefined;
  }
}
