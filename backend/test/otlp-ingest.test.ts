import { gzipSync } from 'node:zlib';
import type { Attributes } from '@opentelemetry/api';
import { SpanStatusCode } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { errorBodySchema, eventsPageSchema, usageStatsSchema } from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './harness.ts';
import { parsePrometheusText } from './monitoring-promtext.ts';

// Spans end on the last day of a month; the server's clock stands a little after them.
const SPAN_END = new Date('2026-03-31T22:00:00.000Z');
const PERIOD = '2026-03';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ clock: () => new Date('2026-03-31T23:00:00.000Z') });
});
afterAll(() => t.close());

/** Spans made by the official SDK, with fixed times, kept in memory to be exported as the test says. */
function makeSpans(
  spans: Array<{ attributes: Attributes; error?: string }>,
  resource: Attributes = {},
): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'otlp-test', ...resource }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('otlp-test');
  for (const s of spans) {
    const span = tracer.startSpan('chat', {
      startTime: new Date(SPAN_END.getTime() - 1200),
      attributes: s.attributes,
    });
    if (s.error) span.setStatus({ code: SpanStatusCode.ERROR, message: s.error });
    span.end(SPAN_END);
  }
  return memory.getFinishedSpans();
}

function exporterFor(kind: 'protobuf' | 'json', key = t.apiKey, gzip = false): SpanExporter {
  const options = {
    url: `${t.url}/v1/traces`,
    headers: { authorization: `Bearer ${key}` },
    ...(gzip ? { compression: 'gzip' as never } : {}),
  };
  return kind === 'protobuf' ? new ProtobufExporter(options) : new JsonExporter(options);
}

function send(exporter: SpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

async function usageOf(userId: string) {
  const res = await call(t.url, `/api/billing/usage/${userId}?period=${PERIOD}`, { token: t.adminToken });
  expect(res.status).toBe(200);
  return usageStatsSchema.parse(res.body);
}

/** A user no event was ever stored for is unknown to the server. */
async function expectNothingStored(userId: string) {
  const res = await call(t.url, `/api/billing/usage/${userId}?period=${PERIOD}`, { token: t.adminToken });
  expect(res.status).toBe(404);
}

async function eventsOf(userId: string) {
  const res = await call(t.url, `/api/billing/usage/${userId}/events?period=${PERIOD}&limit=50`, {
    token: t.adminToken,
  });
  expect(res.status).toBe(200);
  return eventsPageSchema.parse(res.body).events;
}

const openai = (user: string, extra: Attributes = {}): Attributes => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o',
  'user.id': user,
  ...extra,
});

describe.each([
  ['protobuf', false],
  ['json', false],
  ['protobuf', true],
] as const)('POST /v1/traces from the OpenTelemetry SDK (%s, gzip %s)', (kind, gzip) => {
  const user = `otlp-${kind}-${gzip ? 'gz' : 'plain'}`;

  it('meters cache reads, cache writes and reasoning by the conventions, old names too', async () => {
    const spans = makeSpans([
      {
        attributes: openai(user, {
          'gen_ai.response.model': 'gpt-4o-2024-08-06',
          'gen_ai.usage.input_tokens': 1000,
          'gen_ai.usage.cache_read.input_tokens': 600,
          'gen_ai.usage.cache_creation.input_tokens': 100,
          'gen_ai.usage.output_tokens': 500,
          'gen_ai.usage.reasoning.output_tokens': 200,
        }),
      },
      {
        attributes: {
          'gen_ai.system': 'Anthropic',
          'gen_ai.request.model': 'claude-sonnet-4-5',
          'user.id': user,
          'gen_ai.usage.prompt_tokens': 300,
          'gen_ai.usage.completion_tokens': 40,
          'gen_ai.usage.cache_read_input_tokens': 100,
          'gen_ai.usage.cache_creation_input_tokens': 50,
        },
      },
      { attributes: { 'http.request.method': 'GET', 'user.id': user } },
    ]);
    const result = await send(exporterFor(kind, t.apiKey, gzip), spans);
    expect(result.code).toBe(ExportResultCode.SUCCESS);

    const events = await eventsOf(user);
    expect(events).toHaveLength(2);
    const gpt = events.find((e) => e.provider === 'openai');
    expect(gpt).toMatchObject({
      model: 'gpt-4o-2024-08-06',
      input_tokens: 300,
      cached_tokens: 600,
      cache_write_tokens: 100,
      output_tokens: 500,
      reasoning_tokens: 200,
      occurred_at: SPAN_END.toISOString(),
      response_time_ms: 1200,
      is_priced: true,
    });
    expect(gpt?.event_id).toBe(`otlp:${spans[0]!.spanContext().traceId}:${spans[0]!.spanContext().spanId}`);
    expect(events.find((e) => e.provider === 'anthropic')).toMatchObject({
      input_tokens: 150,
      cached_tokens: 100,
      cache_write_tokens: 50,
      output_tokens: 40,
    });
    const usage = await usageOf(user);
    expect(usage.total_calls).toBe(2);
    expect(usage.total_cost).toBeGreaterThan(0);
  });

  it('counts a resent export once', async () => {
    const spans = makeSpans([{ attributes: openai(`${user}-resend`, { 'gen_ai.usage.input_tokens': 10 }) }]);
    const exporter = exporterFor(kind, t.apiKey, gzip);
    expect((await send(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
    expect((await send(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
    expect((await usageOf(`${user}-resend`)).total_calls).toBe(1);
  });

  it('counts a failed span as an error', async () => {
    const spans = makeSpans([
      { attributes: openai(`${user}-failed`), error: 'rate limited by the provider' },
    ]);
    expect((await send(exporterFor(kind, t.apiKey, gzip), spans)).code).toBe(ExportResultCode.SUCCESS);
    const usage = await usageOf(`${user}-failed`);
    expect(usage.total_calls).toBe(1);
    expect(usage.error_rate).toBe(100);
    expect((await eventsOf(`${user}-failed`))[0]?.error).toBe('rate limited by the provider');
  });

  it('refuses a wrong key and stores nothing', async () => {
    const spans = makeSpans([{ attributes: openai(`${user}-wrongkey`) }]);
    const result = await send(exporterFor(kind, 'sk_not-a-key', gzip), spans);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(String(result.error)).toMatch(/401|Unauthorized/i);
    await expectNothingStored(`${user}-wrongkey`);
  });
});

describe('spans counted in /metrics', () => {
  async function spanCounts() {
    const families = parsePrometheusText(await (await fetch(`${t.url}/metrics`)).text());
    const samples = families.get('spendscope_otlp_spans_total')?.samples ?? [];
    const count = (outcome: string) => samples.find((s) => s.labels.outcome === outcome)?.value ?? 0;
    return { metered: count('metered'), ignored: count('ignored'), refused: count('refused') };
  }

  it('counts metered, ignored and refused spans by outcome', async () => {
    const before = await spanCounts();
    const spans = makeSpans([
      { attributes: openai('otlp-counted', { 'gen_ai.usage.input_tokens': 5 }) },
      { attributes: { 'http.request.method': 'GET' } },
      { attributes: { 'db.system.name': 'postgresql' } },
      { attributes: { 'gen_ai.provider.name': 'a-provider-nobody-meters', 'user.id': 'otlp-counted' } },
    ]);
    expect((await send(exporterFor('protobuf'), spans)).code).toBe(ExportResultCode.SUCCESS);
    const after = await spanCounts();
    expect(after.metered - before.metered).toBe(1);
    expect(after.ignored - before.ignored).toBe(2);
    expect(after.refused - before.refused).toBe(1);
  });
});

const post = (body: Buffer | string, headers: Record<string, string>) =>
  fetch(`${t.url}/v1/traces`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.apiKey}`, ...headers },
    body,
  });

const jsonExport = (tokens: unknown, user: string) => ({
  resourceSpans: [
    {
      scopeSpans: [
        {
          spans: [
            {
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: 'eee19b7ec3c1b174',
              endTimeUnixNano: String(SPAN_END.getTime() * 1e6),
              attributes: [
                { key: 'gen_ai.provider.name', value: { stringValue: 'openai' } },
                { key: 'user.id', value: { stringValue: user } },
                { key: 'gen_ai.usage.input_tokens', value: tokens },
              ],
            },
            {
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: 'eee19b7ec3c1b175',
              attributes: [
                { key: 'gen_ai.provider.name', value: { stringValue: 'openai' } },
                { key: 'user.id', value: { stringValue: user } },
              ],
            },
          ],
        },
      ],
    },
  ],
});

describe('POST /v1/traces with bad bodies', () => {
  async function expectError(response: Response, status: number, pattern: RegExp) {
    expect(response.status).toBe(status);
    const { error } = errorBodySchema.parse(await response.json());
    expect(error.message).toMatch(pattern);
  }

  it('refuses a truncated protobuf export with 400', async () => {
    const spans = makeSpans([{ attributes: openai('otlp-bad-bodies', { 'gen_ai.usage.input_tokens': 5 }) }]);
    const captured = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans) ?? []);
    expect(captured.length).toBeGreaterThan(20);
    const truncated = captured.subarray(0, captured.length - 7);
    await expectError(await post(truncated, { 'content-type': 'application/x-protobuf' }), 400, /protobuf/);
  });

  it('refuses a wrong content type with 415', async () => {
    await expectError(await post('hello', { 'content-type': 'text/plain' }), 415, /x-protobuf/);
  });

  it('refuses JSON that is not an OTLP export with 400', async () => {
    await expectError(
      await post('{"events":[]}', { 'content-type': 'application/json' }),
      400,
      /resourceSpans/,
    );
    await expectError(await post('{"resourceSpans":', { 'content-type': 'application/json' }), 400, /JSON/);
  });

  it('refuses an absurd token count with 400 and stores no span of the export', async () => {
    const body = JSON.stringify(jsonExport({ intValue: '99999999999999' }, 'otlp-absurd'));
    await expectError(await post(body, { 'content-type': 'application/json' }), 400, /input_tokens/);
    await expectNothingStored('otlp-absurd');
  });

  it('refuses a body that is not gzip though it says so, and accepts a gzip JSON export', async () => {
    const headers = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
    await expectError(await post('not gzip', headers), 400, /gzip/);
    const ok = await post(gzipSync(JSON.stringify(jsonExport({ intValue: '12' }, 'otlp-gzip'))), headers);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({});
    expect((await usageOf('otlp-gzip')).total_calls).toBe(2);
  });

  it('answers partial success naming spans it cannot meter', async () => {
    const body = JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '6b8efff798038103d269b633813fc60c',
                  spanId: 'aee19b7ec3c1b174',
                  attributes: [
                    { key: 'gen_ai.provider.name', value: { stringValue: 'cohere' } },
                    { key: 'user.id', value: { stringValue: 'otlp-partial' } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    const response = await post(body, { 'content-type': 'application/json' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      partialSuccess: { rejectedSpans: 1, errorMessage: expect.stringContaining('cohere') },
    });
  });
});
