import { MAX_OTLP_SPANS, type UsageEventInput, usageEventSchema } from '@spendscope/contracts';
import { type TraceUsage, usageOfTraces } from '../domain/otlpSpans.ts';
import { AppError, describeZodError } from '../errors.ts';
import { decodeTraceExport, decompressedBody, encodingOf, type OtlpEncoding } from './traceCodec.ts';

/** A trace export turned into usage events, all of them valid, with the encoding to answer in. */
export type TraceExport = { encoding: OtlpEncoding; usage: TraceUsage };

/**
 * Reads an OTLP/HTTP trace export: its encoding, gzip, the ExportTraceServiceRequest, and the usage
 * events of its GenAI spans. A body that cannot be read, or a GenAI span whose event the usage event
 * schema refuses (an absurd token count, a bad user id), is a 4xx for the whole export, so nothing of
 * it is stored: the exporter is told at once and no half of a batch lands.
 */
export async function readTraceExport(options: {
  body: unknown;
  contentType: string | undefined;
  contentEncoding: string | undefined;
  defaultUserId: string | undefined;
}): Promise<TraceExport> {
  const encoding = encodingOf(options.contentType);
  const raw = Buffer.isBuffer(options.body) ? options.body : Buffer.alloc(0);
  const body = await decompressedBody(raw, options.contentEncoding);
  const request = decodeTraceExport(body, encoding);
  const spans = request.resourceSpans.reduce(
    (sum, r) => sum + (r.scopeSpans ?? []).reduce((n, s) => n + (s.spans?.length ?? 0), 0),
    0,
  );
  if (spans > MAX_OTLP_SPANS) {
    throw new AppError(
      'payload_too_large',
      `an export may carry at most ${MAX_OTLP_SPANS} spans; this one has ${spans}: send smaller batches`,
    );
  }
  const usage = usageOfTraces(request, { defaultUserId: options.defaultUserId });
  assertValid(usage.events, usage.spanRefs);
  return { encoding, usage };
}

function assertValid(events: readonly UsageEventInput[], spanRefs: readonly string[]): void {
  for (const [i, event] of events.entries()) {
    const parsed = usageEventSchema.safeParse(event);
    if (!parsed.success) {
      throw new AppError(
        'validation_error',
        `span ${spanRefs[i]} cannot be metered: ${describeZodError(parsed.error)}; nothing of this export was stored`,
      );
    }
  }
}
