import type { UsageEventInput } from '@spendscope/contracts';
import protobuf from 'protobufjs';
import { OTLP_TRACE_DESCRIPTOR } from '../backend/src/otlp/otlpDescriptor.ts';
import { send } from './http.ts';
import type { IngestRun } from './ingest.ts';

const ExportTraceServiceRequest = protobuf.Root.fromJSON(OTLP_TRACE_DESCRIPTOR).lookupType(
  'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
);

const text = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: value } });

/** A usage event as the GenAI span an instrumentation would emit for the same call (JSON shape). */
function spanOf(event: UsageEventInput, index: number) {
  const hex = event.event_id.replaceAll('-', '').padEnd(32, '0').slice(0, 32);
  const endNanos = BigInt(Date.parse(event.occurred_at ?? '')) * 1_000_000n;
  const startNanos = endNanos - BigInt(Math.round((event.response_time_ms ?? 0) * 1e6));
  const cached = event.cached_tokens ?? 0;
  const written = event.cache_write_tokens ?? 0;
  return {
    traceId: hex,
    spanId: (index + 1).toString(16).padStart(16, '0'),
    name: `chat ${event.model ?? ''}`,
    kind: 3,
    startTimeUnixNano: startNanos.toString(),
    endTimeUnixNano: endNanos.toString(),
    attributes: [
      text('gen_ai.operation.name', 'chat'),
      text('gen_ai.provider.name', event.provider),
      ...(event.model ? [text('gen_ai.request.model', event.model)] : []),
      text('user.id', event.user_id),
      int('gen_ai.usage.input_tokens', (event.input_tokens ?? 0) + cached + written),
      int('gen_ai.usage.cache_read.input_tokens', cached),
      int('gen_ai.usage.cache_creation.input_tokens', written),
      int('gen_ai.usage.output_tokens', event.output_tokens ?? 0),
      int('gen_ai.usage.reasoning.output_tokens', event.reasoning_tokens ?? 0),
    ],
    status: { code: event.error ? 2 : 0, ...(event.error ? { message: event.error } : {}) },
  };
}

/** One OTLP export per batch of events, encoded as an exporter sends it. */
export function otlpBodiesOf(
  batches: readonly UsageEventInput[][],
  encoding: 'protobuf' | 'json',
): Array<{ body: Buffer; events: number }> {
  return batches.map((batch) => {
    const request = {
      resourceSpans: [
        {
          resource: { attributes: [text('service.name', 'bench')] },
          scopeSpans: [{ scope: { name: 'bench' }, spans: batch.map(spanOf) }],
        },
      ],
    };
    if (encoding === 'json') return { body: Buffer.from(JSON.stringify(request)), events: batch.length };
    for (const span of request.resourceSpans[0]!.scopeSpans[0]!.spans) {
      Object.assign(span, {
        traceId: Buffer.from(span.traceId, 'hex'),
        spanId: Buffer.from(span.spanId, 'hex'),
      });
    }
    const message = ExportTraceServiceRequest.fromObject(request);
    return { body: Buffer.from(ExportTraceServiceRequest.encode(message).finish()), events: batch.length };
  });
}

/**
 * Posts prepared OTLP exports to `/v1/traces`, `concurrency` in flight, timed from the first request to
 * the last reply. Every span must be stored: a partial success fails the run.
 */
export async function postOtlp(options: {
  url: string;
  apiKey: string;
  encoding: 'protobuf' | 'json';
  bodies: ReadonlyArray<{ body: Buffer; events: number }>;
  concurrency: number;
}): Promise<IngestRun> {
  const contentType = options.encoding === 'json' ? 'application/json' : 'application/x-protobuf';
  let next = 0;
  let events = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < options.bodies.length) {
      const item = options.bodies[next++]!;
      const res = await send(`${options.url}/v1/traces`, {
        token: options.apiKey,
        body: item.body,
        contentType,
      });
      if (res.status !== 200) throw new Error(`export refused with ${res.status}: ${res.text.slice(0, 300)}`);
      if (options.encoding === 'json' && res.text !== '{}') {
        throw new Error(`export not stored whole: ${res.text.slice(0, 300)}`);
      }
      if (options.encoding === 'protobuf' && res.text.length > 0) {
        throw new Error('export not stored whole: the reply carries a partial success');
      }
      events += item.events;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { events, seconds, eventsPerSecond: events / seconds };
}
