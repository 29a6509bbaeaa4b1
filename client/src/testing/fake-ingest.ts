import { type UsageBatchResponse, usageEventSchema } from '@spendscope/contracts';
import type { FetchLike } from '../http.ts';
import type { QueuedEvent } from '../types.ts';

/** How the fake answers one request. */
export type Step =
  | 'ok'
  /** The request never reaches the server. */
  | 'network-error'
  /** The server stores the batch, but the reply is lost on the way back. */
  | 'lost-reply'
  /** No answer until the request is aborted. */
  | 'hang'
  | { status: number; body?: unknown; headers?: Record<string, string> };

export type Request = { url: string; headers: Headers; body: unknown; events: QueuedEvent[] };

/**
 * An in-memory stand-in for `POST /api/usage/events` that stores each event id once, as the server
 * does, and answers the next scripted steps (then `ok`).
 */
export function fakeIngest() {
  const stored = new Map<string, QueuedEvent>();
  const requests: Request[] = [];
  const script: Step[] = [];

  function store(events: QueuedEvent[]): UsageBatchResponse {
    const reply: UsageBatchResponse = { accepted: 0, duplicates: 0, rejected: [] };
    events.forEach((event, index) => {
      const parsed = usageEventSchema.safeParse(event);
      if (!parsed.success) {
        reply.rejected.push({ index, error: { code: 'validation_error', message: parsed.error.message } });
      } else if (stored.has(event.event_id)) {
        reply.duplicates++;
      } else {
        stored.set(event.event_id, event);
        reply.accepted++;
      }
    });
    return reply;
  }

  const fetch: FetchLike = async (url, init) => {
    const body: unknown = JSON.parse(String(init.body));
    const events = (body as { events?: QueuedEvent[] }).events ?? [];
    requests.push({ url, headers: new Headers(init.headers), body, events });
    const step = script.shift() ?? 'ok';
    if (step === 'network-error') throw new TypeError('fetch failed');
    if (step === 'hang') {
      return new Promise<Response>((_, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    }
    if (typeof step === 'object') {
      const payload = step.body ?? { error: { code: `http_${step.status}`, message: 'scripted failure' } };
      return Response.json(payload, {
        status: step.status,
        ...(step.headers ? { headers: step.headers } : {}),
      });
    }
    const reply = store(events);
    if (step === 'lost-reply') throw new TypeError('socket hang up');
    return Response.json(reply);
  };

  return {
    fetch,
    requests,
    stored,
    /** Answers the next requests with these steps, in order. */
    script: (...steps: Step[]) => script.push(...steps),
  };
}
