import {
  OTLP_STATUS_ERROR,
  type OtlpAnyValue,
  type OtlpExportTraceRequest,
  type OtlpKeyValue,
  type OtlpSpan,
  type UsageEventInput,
} from '@spendscope/contracts';
import { providerOfSpanName } from './otlpProviders.ts';

/** What became of one span: a metered call, a span that is no GenAI call, or a GenAI call refused. */
export type SpanOutcome =
  | { kind: 'event'; event: UsageEventInput }
  | { kind: 'ignored' }
  | { kind: 'refused'; reason: string };

/** The usage events of an export request, with how many spans were ignored or refused and why. */
export type TraceUsage = {
  events: UsageEventInput[];
  /** The span each event came from (`traceId/spanId`), in the order of `events`. */
  spanRefs: string[];
  spans: number;
  ignored: number;
  refused: number;
  /** Each distinct refusal reason once, in the order first seen. */
  refusalReasons: string[];
};

/** Token counts, each under the names instrumentations use for it, the current convention first. */
const TOKEN_NAMES = {
  input: ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens', 'llm.token_count.prompt'],
  output: ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens', 'llm.token_count.completion'],
  cacheRead: [
    'gen_ai.usage.cache_read.input_tokens',
    'gen_ai.usage.cache_read_input_tokens',
    'llm.token_count.prompt_details.cache_read',
  ],
  cacheWrite: [
    'gen_ai.usage.cache_creation.input_tokens',
    'gen_ai.usage.cache_creation_input_tokens',
    'llm.token_count.prompt_details.cache_write',
  ],
  reasoning: [
    'gen_ai.usage.reasoning.output_tokens',
    'gen_ai.usage.reasoning_tokens',
    'llm.token_count.completion_details.reasoning',
  ],
} as const;

const USER_NAMES = ['user.id', 'enduser.id'] as const;
const HEX_TRACE_ID = /^[0-9a-f]{32}$/;
const HEX_SPAN_ID = /^[0-9a-f]{16}$/;
const NANOS_PER_MS = 1_000_000n;
/** The last millisecond of the year 9999, the latest time an ISO date can name in four digits. */
const LAST_ISO_MS = 253_402_300_799_999n;

type Attributes = ReadonlyMap<string, OtlpAnyValue>;

function attributeMap(list: readonly OtlpKeyValue[] | undefined): Attributes {
  const map = new Map<string, OtlpAnyValue>();
  for (const { key, value } of list ?? []) if (value) map.set(key, value);
  return map;
}

function stringOf(value: OtlpAnyValue | undefined): string | undefined {
  if (value?.stringValue !== undefined) return value.stringValue.trim() || undefined;
  if (value?.intValue !== undefined) return String(value.intValue);
  return undefined;
}

function numberOf(value: OtlpAnyValue | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (typeof value.doubleValue === 'number') return value.doubleValue;
  if (value.stringValue !== undefined && /^\d+(\.\d+)?$/.test(value.stringValue.trim())) {
    return Number(value.stringValue);
  }
  return undefined;
}

function firstNumber(attributes: Attributes, names: readonly string[]): number | undefined {
  for (const name of names) {
    const found = numberOf(attributes.get(name));
    if (found !== undefined) return found;
  }
  return undefined;
}

function firstString(maps: readonly Attributes[], names: readonly string[]): string | undefined {
  for (const map of maps) {
    for (const name of names) {
      const found = stringOf(map.get(name));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** A span is a GenAI call when it names a GenAI operation or provider. */
export function isGenAiSpan(attributes: Attributes): boolean {
  return ['gen_ai.operation.name', 'gen_ai.provider.name', 'gen_ai.system'].some((name) =>
    attributes.has(name),
  );
}

const isCount = (n: number | undefined) => n === undefined || (Number.isSafeInteger(n) && n >= 0);

/**
 * The conventions' counts turned into Spendscope's: `input_tokens` there includes cache reads and
 * writes, so uncached input is the rest; `output_tokens` includes reasoning. An instrumentation whose
 * input is smaller than its cache counts (or output smaller than reasoning) reported them apart, and
 * its input (output) is taken as it is. Counts that are not whole non-negative numbers are passed on
 * unchanged, so the usage event schema refuses them with its own message.
 */
export function tokensOf(attributes: Attributes) {
  const input = firstNumber(attributes, TOKEN_NAMES.input) ?? 0;
  const output = firstNumber(attributes, TOKEN_NAMES.output) ?? 0;
  const cacheRead = firstNumber(attributes, TOKEN_NAMES.cacheRead) ?? 0;
  const cacheWrite = firstNumber(attributes, TOKEN_NAMES.cacheWrite) ?? 0;
  const reasoning = firstNumber(attributes, TOKEN_NAMES.reasoning) ?? 0;
  const counts = { cached_tokens: cacheRead, cache_write_tokens: cacheWrite, reasoning_tokens: reasoning };
  if (![input, output, cacheRead, cacheWrite, reasoning].every(isCount)) {
    return { ...counts, input_tokens: input, output_tokens: output };
  }
  const cachedInput = cacheRead + cacheWrite;
  return {
    ...counts,
    input_tokens: input >= cachedInput ? input - cachedInput : input,
    output_tokens: output >= reasoning ? output : output + reasoning,
  };
}

function nanosOf(value: string | number | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  const nanos = BigInt(value);
  return nanos > 0n ? nanos : undefined;
}

function timingOf(span: OtlpSpan): { occurred_at?: string; response_time_ms?: number } {
  const end = nanosOf(span.endTimeUnixNano);
  if (end === undefined) return {};
  // Out of range, the raw value is passed on for the usage event schema to refuse as no timestamp.
  if (end / NANOS_PER_MS > LAST_ISO_MS) return { occurred_at: String(end) };
  const start = nanosOf(span.startTimeUnixNano);
  const occurredAt = new Date(Number(end / NANOS_PER_MS)).toISOString();
  if (start === undefined || start > end) return { occurred_at: occurredAt };
  return { occurred_at: occurredAt, response_time_ms: Number(end - start) / 1e6 };
}

function failureOf(span: OtlpSpan, attributes: Attributes): { error?: string; status_code?: number } {
  const httpStatus = firstNumber(attributes, ['http.response.status_code', 'http.status_code']);
  const statusCode =
    httpStatus !== undefined && Number.isInteger(httpStatus) && httpStatus >= 100 && httpStatus <= 599
      ? { status_code: httpStatus }
      : {};
  const code = span.status?.code;
  const isError = code === OTLP_STATUS_ERROR || code === 'STATUS_CODE_ERROR';
  const errorType = stringOf(attributes.get('error.type'));
  if (!isError && errorType === undefined) return statusCode;
  const message = span.status?.message?.trim() || errorType || 'the span ended with status ERROR';
  return { ...statusCode, error: message.slice(0, 2000) };
}

/** One span's usage event, or why it is ignored or refused. */
export function outcomeOfSpan(
  span: OtlpSpan,
  resource: Attributes,
  options: { defaultUserId?: string | undefined },
): SpanOutcome {
  const attributes = attributeMap(span.attributes);
  if (!isGenAiSpan(attributes)) return { kind: 'ignored' };
  const providerName = firstString([attributes], ['gen_ai.provider.name', 'gen_ai.system']);
  if (providerName === undefined) {
    return { kind: 'refused', reason: 'a GenAI span names no gen_ai.provider.name or gen_ai.system' };
  }
  const provider = providerOfSpanName(providerName);
  if (provider === undefined) {
    return {
      kind: 'refused',
      reason: `provider "${providerName.slice(0, 64)}" is not one Spendscope meters`,
    };
  }
  const traceId = span.traceId?.toLowerCase() ?? '';
  const spanId = span.spanId?.toLowerCase() ?? '';
  if (
    !HEX_TRACE_ID.test(traceId) ||
    !HEX_SPAN_ID.test(spanId) ||
    /^0+$/.test(traceId) ||
    /^0+$/.test(spanId)
  ) {
    return { kind: 'refused', reason: 'a span has no valid trace id and span id' };
  }
  const userId = firstString([attributes, resource], USER_NAMES) ?? options.defaultUserId;
  if (userId === undefined) {
    return {
      kind: 'refused',
      reason: 'a GenAI span carries no user.id or enduser.id and no default user is configured',
    };
  }
  const model = firstString([attributes], ['gen_ai.response.model', 'gen_ai.request.model']);
  const endpoint = stringOf(attributes.get('gen_ai.operation.name')) ?? span.name;
  return {
    kind: 'event',
    event: {
      event_id: `otlp:${traceId}:${spanId}`,
      user_id: userId,
      provider,
      ...(model !== undefined ? { model: model.slice(0, 128) } : {}),
      ...(endpoint ? { endpoint: endpoint.slice(0, 256) } : {}),
      ...tokensOf(attributes),
      ...timingOf(span),
      ...failureOf(span, attributes),
    },
  };
}

/**
 * The usage events an OTLP trace export carries: one per GenAI span, its id built from the trace and
 * span ids so that an exporter's retry is counted once. Spans that are no GenAI call are ignored;
 * GenAI spans that cannot be metered (unknown provider, no user, no ids) are refused with a reason.
 */
export function usageOfTraces(
  request: OtlpExportTraceRequest,
  options: { defaultUserId?: string | undefined },
): TraceUsage {
  const usage: TraceUsage = {
    events: [],
    spanRefs: [],
    spans: 0,
    ignored: 0,
    refused: 0,
    refusalReasons: [],
  };
  for (const resourceSpans of request.resourceSpans) {
    const resource = attributeMap(resourceSpans.resource?.attributes);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        usage.spans += 1;
        const outcome = outcomeOfSpan(span, resource, options);
        if (outcome.kind === 'ignored') usage.ignored += 1;
        else if (outcome.kind === 'refused') {
          usage.refused += 1;
          if (!usage.refusalReasons.includes(outcome.reason)) usage.refusalReasons.push(outcome.reason);
        } else {
          usage.events.push(outcome.event);
          usage.spanRefs.push(`${span.traceId}/${span.spanId}`);
        }
      }
    }
  }
  return usage;
}
