import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the stand-in answers its next calls. */
export type StandInBehavior =
  /** Answer normally (JSON, or SSE when the request streams). */
  | 'answer'
  /** Stream a few chunks, then hold the stream open until the client goes away. */
  | 'stall-stream'
  /** Never answer: the gateway's timeout has to end the call. */
  | 'hang'
  /** Answer with the provider's own 429 error. */
  | 'provider-error'
  /** Hold each call until `release()`, then answer normally. */
  | 'hold';

export type SeenRequest = { method: string; url: string; headers: IncomingHttpHeaders; body: unknown };

export type StandIn = {
  url: string;
  port: number;
  behavior: StandInBehavior;
  /** Every request received, in order. */
  seen: SeenRequest[];
  /** Requests whose connection the client closed before the reply ended. */
  closedEarly: number;
  /** Answers every call held so far (behavior `hold`). */
  release(): void;
  close(): Promise<void>;
};

/** The usage every stand-in reply states, in each provider's own spelling (see the tests). */
export const STAND_IN_USAGE = {
  openai: {
    prompt_tokens: 1200,
    completion_tokens: 300,
    total_tokens: 1500,
    prompt_tokens_details: { cached_tokens: 1000 },
    completion_tokens_details: { reasoning_tokens: 100 },
  },
  responses: {
    input_tokens: 800,
    input_tokens_details: { cached_tokens: 200 },
    output_tokens: 150,
    output_tokens_details: { reasoning_tokens: 50 },
    total_tokens: 950,
  },
  anthropic: {
    input_tokens: 40,
    cache_creation_input_tokens: 500,
    cache_read_input_tokens: 2000,
    cache_creation: { ephemeral_5m_input_tokens: 300, ephemeral_1h_input_tokens: 200 },
    output_tokens: 120,
  },
  gemini: {
    promptTokenCount: 900,
    cachedContentTokenCount: 600,
    candidatesTokenCount: 70,
    thoughtsTokenCount: 30,
    totalTokenCount: 1000,
  },
} as const;

const WORDS = ['Hello', ' from', ' the', ' stand-in', '.'];

function sse(response: ServerResponse, events: readonly { event?: string; data: unknown }[]): void {
  for (const e of events) {
    const data = typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
    response.write(`${e.event ? `event: ${e.event}\n` : ''}data: ${data}\n\n`);
  }
}

function openaiChat(body: Record<string, unknown>, response: ServerResponse, stall: boolean): void {
  const model = String(body.model);
  const base = { id: 'chatcmpl-standin', created: 1_767_225_600, model };
  if (body.stream !== true) {
    response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req-standin' });
    response.end(
      JSON.stringify({
        ...base,
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: WORDS.join(''), refusal: null },
            finish_reason: 'stop',
            logprobs: null,
          },
        ],
        usage: STAND_IN_USAGE.openai,
      }),
    );
    return;
  }
  const withUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
  const chunk = (delta: unknown, finish: string | null) => ({
    ...base,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    ...(withUsage ? { usage: null } : {}),
  });
  response.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req-standin' });
  sse(response, [{ data: chunk({ role: 'assistant', content: '' }, null) }]);
  sse(
    response,
    WORDS.slice(0, 2).map((w) => ({ data: chunk({ content: w }, null) })),
  );
  if (stall) return;
  sse(
    response,
    WORDS.slice(2).map((w) => ({ data: chunk({ content: w }, null) })),
  );
  sse(response, [{ data: chunk({}, 'stop') }]);
  if (withUsage) {
    sse(response, [
      { data: { ...base, object: 'chat.completion.chunk', choices: [], usage: STAND_IN_USAGE.openai } },
    ]);
  }
  sse(response, [{ data: '[DONE]' }]);
  response.end();
}

function openaiResponses(body: Record<string, unknown>, response: ServerResponse): void {
  const reply = {
    id: 'resp_standin',
    object: 'response',
    created_at: 1_767_225_600,
    status: 'completed',
    model: String(body.model),
    output: [
      {
        type: 'message',
        id: 'msg_standin',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: WORDS.join(''), annotations: [] }],
      },
    ],
    usage: STAND_IN_USAGE.responses,
  };
  if (body.stream !== true) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(reply));
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  const created = { ...reply, status: 'in_progress', output: [], usage: null };
  sse(response, [
    { event: 'response.created', data: { type: 'response.created', sequence_number: 0, response: created } },
    ...WORDS.map((w, i) => ({
      event: 'response.output_text.delta',
      data: {
        type: 'response.output_text.delta',
        sequence_number: i + 1,
        item_id: 'msg_standin',
        output_index: 0,
        content_index: 0,
        delta: w,
      },
    })),
    {
      event: 'response.completed',
      data: { type: 'response.completed', sequence_number: 9, response: reply },
    },
  ]);
  response.end();
}

function openaiEmbeddings(body: Record<string, unknown>, response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(
    JSON.stringify({
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2, 0.3] }],
      model: String(body.model),
      usage: { prompt_tokens: 12, total_tokens: 12 },
    }),
  );
}

function anthropicMessages(body: Record<string, unknown>, response: ServerResponse, stall: boolean): void {
  const model = String(body.model);
  const message = {
    id: 'msg_standin',
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text: WORDS.join('') }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: STAND_IN_USAGE.anthropic,
  };
  if (body.stream !== true) {
    response.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_standin' });
    response.end(JSON.stringify(message));
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream', 'request-id': 'req_standin' });
  const { output_tokens: _, ...inputUsage } = STAND_IN_USAGE.anthropic;
  const delta = (text: string) => ({
    event: 'content_block_delta',
    data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } },
  });
  sse(response, [
    {
      event: 'message_start',
      data: {
        type: 'message_start',
        message: { ...message, content: [], stop_reason: null, usage: { ...inputUsage, output_tokens: 1 } },
      },
    },
    {
      event: 'content_block_start',
      data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    },
    delta(WORDS[0] ?? ''),
    // Cumulative usage: an early delta, then the final one.
    {
      event: 'message_delta',
      data: {
        type: 'message_delta',
        delta: { stop_reason: null, stop_sequence: null },
        usage: { output_tokens: 10 },
      },
    },
  ]);
  if (stall) return;
  sse(response, [
    ...WORDS.slice(1).map(delta),
    { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
    {
      event: 'message_delta',
      data: {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: STAND_IN_USAGE.anthropic.output_tokens },
      },
    },
    { event: 'message_stop', data: { type: 'message_stop' } },
  ]);
  response.end();
}

function geminiGenerate(url: string, response: ServerResponse): void {
  const model = /models\/([^:]+):/.exec(url)?.[1] ?? 'gemini';
  const part = (text: string, last: boolean) => ({
    candidates: [
      { content: { role: 'model', parts: [{ text }] }, index: 0, ...(last ? { finishReason: 'STOP' } : {}) },
    ],
    ...(last
      ? { usageMetadata: STAND_IN_USAGE.gemini }
      : {
          usageMetadata: { promptTokenCount: STAND_IN_USAGE.gemini.promptTokenCount, totalTokenCount: 900 },
        }),
    modelVersion: model,
    responseId: 'standin',
  });
  if (!url.includes(':streamGenerateContent')) {
    response.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
    response.end(JSON.stringify(part(WORDS.join(''), true)));
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  response.write(
    WORDS.map((w, i) => `data: ${JSON.stringify(part(w, i === WORDS.length - 1))}\r\n\r\n`).join(''),
  );
  response.end();
}

function providerError(url: string, response: ServerResponse): void {
  const body = url.startsWith('/v1/messages')
    ? { type: 'error', error: { type: 'rate_limit_error', message: 'upstream says slow down' } }
    : url.startsWith('/v1beta/')
      ? { error: { code: 429, message: 'upstream says slow down', status: 'RESOURCE_EXHAUSTED' } }
      : {
          error: {
            message: 'upstream says slow down',
            type: 'requests',
            param: null,
            code: 'rate_limit_exceeded',
          },
        };
  response.writeHead(429, {
    'content-type': 'application/json',
    'retry-after': '7',
    'x-should-retry': 'false',
  });
  response.end(JSON.stringify(body));
}

/**
 * A stand-in for the OpenAI, Anthropic and Gemini APIs on loopback, answering and streaming in each
 * provider's real wire format, and recording what it was sent.
 */
export async function startProviderStandIn(port = 0): Promise<StandIn> {
  const state: StandIn = {
    url: '',
    port: 0,
    behavior: 'answer',
    seen: [],
    closedEarly: 0,
    release() {
      for (const answer of held.splice(0)) answer();
    },
    close: async () => {},
  };
  const held: Array<() => void> = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const url = request.url ?? '/';
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
      } catch {
        body = {};
      }
      state.seen.push({ method: request.method ?? '', url, headers: request.headers, body });
      response.on('close', () => {
        if (!response.writableFinished) state.closedEarly += 1;
      });
      const behavior = state.behavior;
      if (behavior === 'hang') return;
      if (behavior === 'provider-error') return providerError(url, response);
      const stall = behavior === 'stall-stream';
      if (behavior === 'hold') {
        held.push(() => answer(url, body, response, false));
        return;
      }
      answer(url, body, response, stall);
    });
  });
  function answer(
    url: string,
    body: Record<string, unknown>,
    response: ServerResponse,
    stall: boolean,
  ): void {
    if (url.startsWith('/v1/chat/completions')) openaiChat(body, response, stall);
    else if (url.startsWith('/v1/responses')) openaiResponses(body, response);
    else if (url.startsWith('/v1/embeddings')) openaiEmbeddings(body, response);
    else if (url.startsWith('/v1/messages')) anthropicMessages(body, response, stall);
    else if (url.startsWith('/v1beta/models/')) geminiGenerate(url, response);
    else {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `no route ${url}` } }));
    }
  }
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${state.port}`;
  state.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
