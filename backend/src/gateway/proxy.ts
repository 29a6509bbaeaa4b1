import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream';
import {
  GATEWAY_HEADERS,
  gatewayHeadersSchema,
  type UsageEventInput,
  userIdSchema,
} from '@spendscope/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Agent, request as upstreamRequest } from 'undici';
import type { Clock } from '../clock.ts';
import { describeZodError } from '../errors.ts';
import { type Admission, admitCall, type LimitsDeps, releaseCall, remainingHeaders } from './limits.ts';
import { bodyRelay, type Relay, streamRelay } from './relay.ts';
import {
  type GatewayErrorStatus,
  NO_USAGE,
  type ProviderFormat,
  parseJson,
  type ReplyFacts,
} from './types.ts';
import { clientReplyHeaders, failureOf, upstreamRequestHeaders } from './upstream.ts';

/** The event's `error` when the client left before the reply ended (the schema has no partial flag). */
export const PARTIAL_ERROR =
  'partial: the client disconnected before the reply ended; metered for what was produced';

/** Status recorded for a call whose client left before any reply (nginx's "client closed request"). */
const CLIENT_CLOSED = 499;

/** Chars per token of the prompt estimate: the whole body counts, so the estimate errs high. */
const CHARS_PER_TOKEN = 4;

export type GatewayDeps = {
  clock: Clock;
  limits(now: Date): LimitsDeps;
  agent: Agent;
  timeoutMs: number;
  defaultMaxOutputTokens: number;
  /** The one ingest path; the call's event is reported here once it has ended. */
  report(events: UsageEventInput[]): Promise<{ rejected: readonly unknown[] }>;
  /** Metering still running, awaited at shutdown. */
  track(work: Promise<unknown>): void;
  log(error: unknown, message: string): void;
};

/** A refusal in the provider's own error format, so its SDK raises its usual error. */
export class GatewayRefusal extends Error {
  constructor(
    readonly status: GatewayErrorStatus,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly code?: string,
  ) {
    super(message);
  }
}

/** A call's end, as metered. */
type Ending = { status: number; facts: ReplyFacts; error?: string | undefined };

/**
 * Forwards one provider call: reads what it needs from the request, admits it against the user's
 * limits, relays the upstream's reply to the client as it arrives and reports the call to the ingest
 * path when it has ended (however it ended).
 */
export async function relayCall(
  deps: GatewayDeps,
  target: { format: ProviderFormat; upstreamUrl: string; path: string; model?: string },
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const { format } = target;
  const headers = gatewayHeadersSchema.safeParse(request.headers);
  if (!headers.success) throw new GatewayRefusal(400, describeZodError(headers.error, 'headers'));
  const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const body = parseJson(raw.toString());
  if (body === undefined) throw new GatewayRefusal(400, 'the body must be a JSON object');
  const call = format.prepare({
    path: target.path,
    body,
    raw,
    ...(target.model ? { model: target.model } : {}),
    defaultMaxOutput: deps.defaultMaxOutputTokens,
  });
  if (typeof call === 'string') throw new GatewayRefusal(400, call);
  const userId = userOf(headers.data[GATEWAY_HEADERS.user], call.bodyUser);

  const promptEstimate = Math.ceil(raw.length / CHARS_PER_TOKEN);
  const startedAt = deps.clock();
  const limits = deps.limits(startedAt);
  const admission = await admitCall(limits, {
    userId,
    provider: format.provider,
    model: call.model,
    inputTokens: promptEstimate,
    maxOutputTokens: call.maxOutputTokens,
  });
  const quotaHeaders = remainingHeaders(admission.remaining);
  if (!admission.ok) {
    throw new GatewayRefusal(
      429,
      admission.reason,
      { ...quotaHeaders, 'retry-after': String(admission.retryAfterSeconds), 'x-should-retry': 'false' },
      admission.reasonCode,
    );
  }

  const started = performance.now();
  const meter = (ending: Ending) =>
    deps.track(
      settle(deps, limits, admission, {
        event_id: `gw-${randomUUID()}`,
        reservation_id: admission.reservationId,
        user_id: userId,
        provider: format.provider,
        model: ending.facts.model ?? call.model,
        endpoint: call.endpoint,
        ...usageOf(ending, promptEstimate),
        response_time_ms: Math.round(performance.now() - started),
        status_code: ending.status,
        ...(ending.error ? { error: ending.error.slice(0, 2000) } : {}),
        occurred_at: startedAt.toISOString(),
      }),
    );

  const abort = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) abort.abort();
  });
  let upstream: Awaited<ReturnType<typeof upstreamRequest>>;
  try {
    upstream = await upstreamRequest(target.upstreamUrl, {
      method: 'POST',
      headers: upstreamRequestHeaders(request.headers, call.upstreamBody.length),
      body: call.upstreamBody,
      dispatcher: deps.agent,
      signal: abort.signal,
      headersTimeout: deps.timeoutMs,
      bodyTimeout: deps.timeoutMs,
    });
  } catch (error) {
    if (abort.signal.aborted) {
      meter({ status: CLIENT_CLOSED, facts: {}, error: PARTIAL_ERROR });
      return reply.hijack();
    }
    const failure = failureOf(error);
    meter({ status: failure.status, facts: {}, error: failure.message });
    throw new GatewayRefusal(failure.status, failure.message, quotaHeaders);
  }

  const isStream = String(upstream.headers['content-type'] ?? '').startsWith('text/event-stream');
  const relay: Relay = isStream ? streamRelay(format, call) : bodyRelay(format);
  const status = upstream.statusCode;
  const errorText = status >= 400 ? `the provider answered ${status}` : undefined;
  let failure: Ending | undefined;
  pipeline(upstream.body, relay.stream, (error) => {
    if (!error || abort.signal.aborted) return;
    const failed = failureOf(error);
    failure = { status: failed.status, facts: relay.facts(), error: failed.message };
    // Past the headers the status is sent: the client sees the stream end early.
    reply.raw.destroy();
  });
  reply.raw.once('close', () => {
    if (failure) return meter(failure);
    const isWhole = reply.raw.writableFinished;
    meter({
      status,
      facts: relay.facts(),
      error: isWhole ? errorText : PARTIAL_ERROR,
    });
  });
  return reply
    .code(status)
    .headers(clientReplyHeaders(upstream.headers, { keepsLength: !call.stripsUsageChunk || !isStream }))
    .headers(quotaHeaders)
    .send(relay.stream);
}

/**
 * The call's usage: as the reply stated it; for a stream cut off before it said (OpenAI states usage
 * only at the end), the prompt estimate and one token per output chunk that arrived.
 */
function usageOf(ending: Ending, promptEstimate: number) {
  if (ending.facts.usage) return ending.facts.usage;
  const chunks = ending.facts.outputChunks ?? 0;
  if (ending.error !== PARTIAL_ERROR || chunks === 0) return NO_USAGE;
  return { ...NO_USAGE, input_tokens: promptEstimate, output_tokens: chunks };
}

function userOf(header: string | undefined, fromBody: string | undefined): string {
  if (header !== undefined) return header;
  if (fromBody === undefined) {
    throw new GatewayRefusal(
      400,
      `name the end user: send ${GATEWAY_HEADERS.user}: <user id> (or the body's user field)`,
    );
  }
  const parsed = userIdSchema.safeParse(fromBody);
  if (!parsed.success) throw new GatewayRefusal(400, describeZodError(parsed.error, 'user'));
  return parsed.data;
}

/** Reports the call (which settles its reservation); a call the ingest path refused gives it back. */
async function settle(
  deps: GatewayDeps,
  limits: LimitsDeps,
  admission: Extract<Admission, { ok: true }>,
  event: UsageEventInput,
): Promise<void> {
  try {
    const result = await deps.report([event]);
    if (result.rejected.length > 0) {
      deps.log(result.rejected, 'a gateway call could not be metered');
      await releaseCall(limits, admission.reservationId);
    }
  } catch (error) {
    deps.log(error, 'a gateway call could not be metered');
    await releaseCall(limits, admission.reservationId).catch(() => {});
  }
}
