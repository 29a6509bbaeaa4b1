import { type OtlpExportTraceRequest, type OtlpSpan, usageEventSchema } from '@spendscope/contracts';
import { describe, expect, it } from 'vitest';
import { providerOfSpanName } from './otlpProviders.ts';
import { outcomeOfSpan, usageOfTraces } from './otlpSpans.ts';

const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';
// 2026-03-31T23:59:58.500Z and one and a half seconds before it.
const END_NANOS = '1775001598500000000';
const START_NANOS = '1775001597000000000';

type Attr = string | number | { double: number } | boolean;

function attrs(values: Record<string, Attr>) {
  return Object.entries(values).map(([key, v]) => ({
    key,
    value:
      typeof v === 'string'
        ? { stringValue: v }
        : typeof v === 'number'
          ? { intValue: String(v) }
          : typeof v === 'boolean'
            ? { boolValue: v }
            : { doubleValue: v.double },
  }));
}

function span(values: Record<string, Attr>, extra: Partial<OtlpSpan> = {}): OtlpSpan {
  return {
    traceId: TRACE,
    spanId: SPAN,
    name: 'chat gpt-4o',
    startTimeUnixNano: START_NANOS,
    endTimeUnixNano: END_NANOS,
    attributes: attrs(values),
    ...extra,
  };
}

const noResource = new Map();
const GENAI = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'user.id': 'alice' };

function eventOf(s: OtlpSpan, options: { defaultUserId?: string } = {}, resource = noResource) {
  const outcome = outcomeOfSpan(s, resource, options);
  if (outcome.kind !== 'event') throw new Error(`expected an event, got ${JSON.stringify(outcome)}`);
  return outcome.event;
}

describe('OTLP span to usage event', () => {
  it('takes uncached input as input minus cache reads and writes, and keeps reasoning inside output', () => {
    const event = eventOf(
      span({
        ...GENAI,
        'gen_ai.usage.input_tokens': 1000,
        'gen_ai.usage.cache_read.input_tokens': 600,
        'gen_ai.usage.cache_creation.input_tokens': 150,
        'gen_ai.usage.output_tokens': 400,
        'gen_ai.usage.reasoning.output_tokens': 300,
      }),
    );
    expect(event).toMatchObject({
      input_tokens: 250,
      cached_tokens: 600,
      cache_write_tokens: 150,
      output_tokens: 400,
      reasoning_tokens: 300,
    });
  });

  it('reads the older names OpenLLMetry sends', () => {
    const event = eventOf(
      span({
        'gen_ai.system': 'Anthropic',
        'user.id': 'alice',
        'gen_ai.usage.prompt_tokens': 500,
        'gen_ai.usage.completion_tokens': 70,
        'gen_ai.usage.cache_read_input_tokens': 200,
        'gen_ai.usage.cache_creation_input_tokens': 100,
      }),
    );
    expect(event).toMatchObject({
      provider: 'anthropic',
      input_tokens: 200,
      cached_tokens: 200,
      cache_write_tokens: 100,
      output_tokens: 70,
      reasoning_tokens: 0,
    });
  });

  it("reads OpenInference's llm.token_count names", () => {
    const event = eventOf(
      span({
        'gen_ai.system': 'openai',
        'user.id': 'alice',
        'llm.token_count.prompt': 90,
        'llm.token_count.completion': 30,
        'llm.token_count.prompt_details.cache_read': 40,
        'llm.token_count.prompt_details.cache_write': 10,
        'llm.token_count.completion_details.reasoning': 12,
      }),
    );
    expect(event).toMatchObject({
      input_tokens: 40,
      cached_tokens: 40,
      cache_write_tokens: 10,
      output_tokens: 30,
      reasoning_tokens: 12,
    });
  });

  it('prefers the current names over the older ones when a span carries both', () => {
    const event = eventOf(
      span({ ...GENAI, 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.prompt_tokens': 99 }),
    );
    expect(event.input_tokens).toBe(10);
  });

  it('takes input as uncached when it is smaller than the cache counts (reported apart)', () => {
    const event = eventOf(
      span({
        ...GENAI,
        'gen_ai.usage.input_tokens': 20,
        'gen_ai.usage.cache_read.input_tokens': 3000,
        'gen_ai.usage.output_tokens': 5,
        'gen_ai.usage.reasoning.output_tokens': 8,
      }),
    );
    expect(event).toMatchObject({
      input_tokens: 20,
      cached_tokens: 3000,
      output_tokens: 13,
      reasoning_tokens: 8,
    });
  });

  it('maps the conventions’ provider names onto the nine', () => {
    expect(providerOfSpanName('gcp.gemini')).toBe('gemini');
    expect(providerOfSpanName('gcp.vertex_ai')).toBe('gemini');
    expect(providerOfSpanName('gcp.gen_ai')).toBe('gemini');
    expect(providerOfSpanName('mistral_ai')).toBe('mistral');
    expect(providerOfSpanName('Mistral')).toBe('mistral');
    expect(providerOfSpanName('azure.ai.openai')).toBe('openai');
    expect(providerOfSpanName('aws.bedrock')).toBeUndefined();
  });

  it('prefers gen_ai.provider.name over gen_ai.system', () => {
    const event = eventOf(
      span({ ...GENAI, 'gen_ai.provider.name': 'gcp.gemini', 'gen_ai.system': 'openai' }),
    );
    expect(event.provider).toBe('gemini');
  });

  it('takes the response model, else the request model', () => {
    const both = { ...GENAI, 'gen_ai.request.model': 'gpt-4o', 'gen_ai.response.model': 'gpt-4o-2024-08-06' };
    expect(eventOf(span(both)).model).toBe('gpt-4o-2024-08-06');
    expect(eventOf(span({ ...GENAI, 'gen_ai.request.model': 'gpt-4o' })).model).toBe('gpt-4o');
    expect(eventOf(span(GENAI)).model).toBeUndefined();
  });

  it('finds the user on the span, then enduser.id, then the resource, then the default', () => {
    const base = { 'gen_ai.provider.name': 'openai' };
    const resource = new Map([['user.id', { stringValue: 'from-resource' }]]);
    expect(eventOf(span({ ...base, 'user.id': 'u1', 'enduser.id': 'u2' }), {}, resource).user_id).toBe('u1');
    expect(eventOf(span({ ...base, 'enduser.id': 'u2' }), {}, resource).user_id).toBe('u2');
    expect(eventOf(span(base), { defaultUserId: 'fallback' }, resource).user_id).toBe('from-resource');
    expect(eventOf(span(base), { defaultUserId: 'fallback' }).user_id).toBe('fallback');
  });

  it('refuses a GenAI span with no user when no default user is configured', () => {
    const outcome = outcomeOfSpan(span({ 'gen_ai.provider.name': 'openai' }), noResource, {});
    expect(outcome).toMatchObject({ kind: 'refused', reason: expect.stringContaining('user.id') });
  });

  it('refuses a GenAI span of a provider Spendscope does not meter, naming it', () => {
    const outcome = outcomeOfSpan(span({ ...GENAI, 'gen_ai.provider.name': 'cohere' }), noResource, {});
    expect(outcome).toMatchObject({ kind: 'refused', reason: expect.stringContaining('"cohere"') });
  });

  it('refuses a GenAI span without a valid trace id and span id', () => {
    expect(outcomeOfSpan(span(GENAI, { spanId: '' }), noResource, {}).kind).toBe('refused');
    expect(outcomeOfSpan(span(GENAI, { traceId: '0'.repeat(32) }), noResource, {}).kind).toBe('refused');
  });

  it('ignores a span that is no GenAI call', () => {
    expect(outcomeOfSpan(span({ 'http.request.method': 'GET', 'user.id': 'alice' }), noResource, {})).toEqual(
      {
        kind: 'ignored',
      },
    );
  });

  it('builds the event id from the trace and span ids, the same on every resend', () => {
    const first = eventOf(span(GENAI, { traceId: TRACE.toUpperCase() }));
    expect(first.event_id).toBe(`otlp:${TRACE}:${SPAN}`);
    expect(eventOf(span(GENAI)).event_id).toBe(first.event_id);
    expect(eventOf(span(GENAI, { spanId: 'aaaaaaaaaaaaaaaa' })).event_id).not.toBe(first.event_id);
  });

  it("dates the call at the span's end and measures its latency from the duration", () => {
    const event = eventOf(span(GENAI));
    expect(event.occurred_at).toBe('2026-03-31T23:59:58.500Z');
    expect(event.response_time_ms).toBe(1500);
  });

  it('leaves the time to the server when the span has no end', () => {
    const event = eventOf(span(GENAI, { endTimeUnixNano: '0' }));
    expect(event.occurred_at).toBeUndefined();
    expect(event.response_time_ms).toBeUndefined();
  });

  it('marks a span with status ERROR as a failed call, with its message or error.type', () => {
    const failed = eventOf(span(GENAI, { status: { code: 2, message: 'rate limited' } }));
    expect(failed.error).toBe('rate limited');
    const typed = eventOf(
      span({ ...GENAI, 'error.type': '429', 'http.response.status_code': 429 }, { status: { code: 2 } }),
    );
    expect(typed).toMatchObject({ error: '429', status_code: 429 });
    expect(eventOf(span(GENAI, { status: { code: 1 } })).error).toBeUndefined();
  });

  it('passes absurd token counts on so that the usage event schema refuses them', () => {
    const event = eventOf(span({ ...GENAI, 'gen_ai.usage.input_tokens': { double: 1.5 } }));
    expect(usageEventSchema.safeParse(event).success).toBe(false);
    const huge = eventOf(span({ ...GENAI, 'gen_ai.usage.output_tokens': 1e15 }));
    expect(usageEventSchema.safeParse(huge).success).toBe(false);
    const negative = eventOf(span({ ...GENAI, 'gen_ai.usage.cache_read.input_tokens': -4 }));
    expect(usageEventSchema.safeParse(negative).success).toBe(false);
  });

  it('produces events the usage event schema accepts', () => {
    const event = eventOf(
      span({ ...GENAI, 'gen_ai.usage.input_tokens': 12, 'gen_ai.usage.output_tokens': 3 }),
    );
    expect(usageEventSchema.safeParse(event).success).toBe(true);
  });

  it('counts every span of a request: events, ignored, refused with each reason once', () => {
    const request: OtlpExportTraceRequest = {
      resourceSpans: [
        {
          resource: { attributes: attrs({ 'service.name': 'app', 'user.id': 'bob' }) },
          scopeSpans: [
            {
              spans: [
                span({ 'gen_ai.provider.name': 'anthropic' }, { spanId: '0000000000000001' }),
                span({ 'http.request.method': 'POST' }, { spanId: '0000000000000002' }),
                span({ 'gen_ai.provider.name': 'cohere' }, { spanId: '0000000000000003' }),
                span({ 'gen_ai.provider.name': 'cohere' }, { spanId: '0000000000000004' }),
              ],
            },
          ],
        },
      ],
    };
    const usage = usageOfTraces(request, {});
    expect(usage).toMatchObject({ spans: 4, ignored: 1, refused: 2 });
    expect(usage.refusalReasons).toHaveLength(1);
    expect(usage.events).toHaveLength(1);
    expect(usage.events[0]).toMatchObject({ user_id: 'bob', provider: 'anthropic' });
  });
});
