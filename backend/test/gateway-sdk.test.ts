import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { apiPath, eventsPageSchema, type UsageEventRecord } from '@spendscope/contracts';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PARTIAL_ERROR } from '../src/gateway/proxy.ts';
import { eventually } from './gatewayRace.ts';
import { call, startTestServer, type TestServer } from './harness.ts';
import { type StandIn, startProviderStandIn } from './providerStandIn.ts';

let t: TestServer;
let upstream: StandIn;
beforeAll(async () => {
  upstream = await startProviderStandIn();
  t = await startTestServer({
    env: {
      SPENDSCOPE_UPSTREAM_OPENAI: upstream.url,
      SPENDSCOPE_UPSTREAM_ANTHROPIC: upstream.url,
      SPENDSCOPE_UPSTREAM_GEMINI: upstream.url,
      SPENDSCOPE_UPSTREAM_MISTRAL: upstream.url,
      GATEWAY_BODY_LIMIT_BYTES: '65536',
      DEFAULT_PLAN: 'enterprise',
    },
  });
});
afterAll(async () => {
  await t?.close();
  await upstream?.close();
});
beforeEach(() => {
  upstream.behavior = 'answer';
  upstream.seen.length = 0;
});

let users = 0;
const newUser = (name: string) => `gw-${name}-${++users}`;
const spendscope = (user: string) => ({ 'x-spendscope-key': t.apiKey, 'x-spendscope-user': user });

const openaiVia = (user: string) =>
  new OpenAI({
    apiKey: 'sk-app-openai',
    baseURL: `${t.url}/gateway/openai/v1`,
    defaultHeaders: spendscope(user),
    maxRetries: 0,
  });
const openaiDirect = () =>
  new OpenAI({ apiKey: 'sk-app-openai', baseURL: `${upstream.url}/v1`, maxRetries: 0 });
const anthropicVia = (user: string) =>
  new Anthropic({
    apiKey: 'sk-ant-app',
    baseURL: `${t.url}/gateway/anthropic`,
    defaultHeaders: spendscope(user),
    maxRetries: 0,
  });
const anthropicDirect = () => new Anthropic({ apiKey: 'sk-ant-app', baseURL: upstream.url, maxRetries: 0 });
const geminiVia = (user: string) =>
  new GoogleGenAI({
    apiKey: 'AIza-app-gemini',
    httpOptions: { baseUrl: `${t.url}/gateway/gemini`, headers: spendscope(user) },
  });
const geminiDirect = () =>
  new GoogleGenAI({ apiKey: 'AIza-app-gemini', httpOptions: { baseUrl: upstream.url } });

/** The user's metered calls, once `count` of them are stored (the gateway reports after replying). */
async function meteredCalls(userId: string, count = 1): Promise<UsageEventRecord[]> {
  const token = await t.tokenFor(userId);
  for (let attempt = 0; attempt < 400; attempt++) {
    const res = await call(t.url, apiPath.events(userId), { token });
    if (res.status === 200) {
      const { events } = eventsPageSchema.parse(res.body);
      if (events.length >= count) return events;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`fewer than ${count} calls of ${userId} were metered`);
}

const tokensOf = (e: UsageEventRecord) => ({
  input_tokens: e.input_tokens,
  output_tokens: e.output_tokens,
  cached_tokens: e.cached_tokens,
  cache_write_tokens: e.cache_write_tokens,
  cache_write_1h_tokens: e.cache_write_1h_tokens,
  reasoning_tokens: e.reasoning_tokens,
});

/** OpenAI-style usage in Spendscope's meaning: cached input apart, reasoning inside output. */
const OPENAI_METERED = {
  input_tokens: 200,
  output_tokens: 300,
  cached_tokens: 1000,
  cache_write_tokens: 0,
  cache_write_1h_tokens: 0,
  reasoning_tokens: 100,
};

describe('the gateway with the official openai SDK', () => {
  const request = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'Say hello.' }] };

  it('passes a chat completion through unchanged and meters its cached and reasoning tokens', async () => {
    const user = newUser('chat');
    const direct = await openaiDirect().chat.completions.create(request);
    upstream.seen.length = 0;
    const { data, response } = await openaiVia(user).chat.completions.create(request).withResponse();
    expect(data).toEqual(direct);
    expect(response.headers.get('x-request-id')).toBe('req-standin');
    expect(response.headers.get('x-spendscope-remaining-calls')).toMatch(/^-?\d+$/);

    const [event] = await meteredCalls(user);
    expect(event && tokensOf(event)).toEqual(OPENAI_METERED);
    expect(event).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o',
      endpoint: '/v1/chat/completions',
      status_code: 200,
    });
    expect(event?.cost).toBeGreaterThan(0);
  });

  it("hands the app's key to the upstream and keeps Spendscope's headers", async () => {
    await openaiVia(newUser('headers')).chat.completions.create(request);
    const seen = upstream.seen[0];
    expect(seen?.headers.authorization).toBe('Bearer sk-app-openai');
    expect(Object.keys(seen?.headers ?? {}).filter((h) => h.startsWith('x-spendscope-'))).toEqual([]);
    expect(seen?.body).toEqual(request);
  });

  it('streams chunk by chunk, metering the usage chunk it asked for without handing it over', async () => {
    const user = newUser('stream');
    const collect = async (client: OpenAI) => {
      const chunks = [];
      for await (const chunk of await client.chat.completions.create({ ...request, stream: true }))
        chunks.push(chunk);
      return chunks;
    };
    const direct = await collect(openaiDirect());
    upstream.seen.length = 0;
    const via = await collect(openaiVia(user));
    expect(via).toEqual(direct);
    expect(via.some((c) => 'usage' in c)).toBe(false);
    expect(upstream.seen[0]?.body).toMatchObject({ stream_options: { include_usage: true } });

    const [event] = await meteredCalls(user);
    expect(event && tokensOf(event)).toEqual(OPENAI_METERED);
  });

  it('passes the usage chunk on when the client asked for it', async () => {
    const user = newUser('stream-usage');
    const body = { ...request, stream: true as const, stream_options: { include_usage: true } };
    const direct = [];
    for await (const chunk of await openaiDirect().chat.completions.create(body)) direct.push(chunk);
    const via = [];
    for await (const chunk of await openaiVia(user).chat.completions.create(body)) via.push(chunk);
    expect(via).toEqual(direct);
    expect(via.at(-1)?.usage?.prompt_tokens).toBe(1200);
    expect(tokensOf((await meteredCalls(user))[0] as UsageEventRecord)).toEqual(OPENAI_METERED);
  });

  it('meters the Responses API, plain and streamed, and Embeddings', async () => {
    const user = newUser('responses');
    const client = openaiVia(user);
    const plain = await client.responses.create({ model: 'gpt-4.1', input: 'Say hello.' });
    expect(plain).toEqual(await openaiDirect().responses.create({ model: 'gpt-4.1', input: 'Say hello.' }));
    const events = [];
    for await (const e of await client.responses.create({
      model: 'gpt-4.1',
      input: 'Say hello.',
      stream: true,
    }))
      events.push(e.type);
    expect(events.at(-1)).toBe('response.completed');
    await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hello' });

    const metered = await meteredCalls(user, 3);
    const responses = metered.filter((e) => e.endpoint === '/v1/responses');
    expect(responses.map(tokensOf)).toEqual([
      {
        input_tokens: 600,
        output_tokens: 150,
        cached_tokens: 200,
        cache_write_tokens: 0,
        cache_write_1h_tokens: 0,
        reasoning_tokens: 50,
      },
      {
        input_tokens: 600,
        output_tokens: 150,
        cached_tokens: 200,
        cache_write_tokens: 0,
        cache_write_1h_tokens: 0,
        reasoning_tokens: 50,
      },
    ]);
    expect(metered.find((e) => e.endpoint === '/v1/embeddings')).toMatchObject({
      input_tokens: 12,
      output_tokens: 0,
    });
  });

  it('meters a stream the client abandons midway as partial, and the upstream call ends', async () => {
    const user = newUser('abort');
    upstream.behavior = 'stall-stream';
    const stream = await openaiVia(user).chat.completions.create({ ...request, stream: true });
    let received = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) received += 1;
      if (received === 2) break;
    }
    const [event] = await meteredCalls(user);
    expect(event?.error).toBe(PARTIAL_ERROR);
    expect(event?.output_tokens).toBe(2);
    expect(event?.input_tokens).toBeGreaterThan(0);
    for (let i = 0; i < 200 && upstream.closedEarly === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(upstream.closedEarly).toBeGreaterThan(0);
  });

  it('passes a provider error through unchanged and meters it as an error', async () => {
    const user = newUser('provider-error');
    upstream.behavior = 'provider-error';
    const error = await openaiVia(user)
      .chat.completions.create(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).error).toEqual({
      message: 'upstream says slow down',
      type: 'requests',
      param: null,
      code: 'rate_limit_exceeded',
    });
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('7');
    const [event] = await meteredCalls(user);
    expect(event).toMatchObject({ status_code: 429, error: 'the provider answered 429' });
  });

  it('answers 504 in OpenAI’s format when the upstream is too slow, and meters it', async () => {
    // A server of its own with a short timeout, so no other call here can run into it.
    const user = newUser('slow');
    const impatient = await startTestServer({
      env: {
        SPENDSCOPE_UPSTREAM_OPENAI: upstream.url,
        GATEWAY_TIMEOUT_MS: '200',
        DEFAULT_PLAN: 'enterprise',
      },
    });
    try {
      upstream.behavior = 'hang';
      const client = new OpenAI({
        apiKey: 'sk-app-openai',
        baseURL: `${impatient.url}/gateway/openai/v1`,
        defaultHeaders: { 'x-spendscope-key': impatient.apiKey, 'x-spendscope-user': user },
        maxRetries: 0,
      });
      const error = await client.chat.completions.create(request).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(504);
      expect((error as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({ type: 'timeout_error' });
      const token = await impatient.tokenFor(user);
      await eventually(async () => {
        const res = await call(impatient.url, apiPath.events(user), { token });
        return res.status === 200 && eventsPageSchema.parse(res.body).events[0]?.status_code === 504;
      }, 'the timed-out call metered');
    } finally {
      await impatient.close();
    }
  });

  it('refuses without the ingestion key, before the upstream hears of the call', async () => {
    const client = new OpenAI({
      apiKey: 'sk-app-openai',
      baseURL: `${t.url}/gateway/openai/v1`,
      maxRetries: 0,
    });
    const error = await client.chat.completions.create(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({
      type: 'authentication_error',
    });
    const wrongKey = new OpenAI({
      apiKey: 'sk-app-openai',
      baseURL: `${t.url}/gateway/openai/v1`,
      defaultHeaders: { 'x-spendscope-key': 'sk_not-a-key', 'x-spendscope-user': 'u' },
      maxRetries: 0,
    });
    expect(await wrongKey.chat.completions.create(request).catch((e: unknown) => e)).toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
    expect(upstream.seen).toEqual([]);
  });

  it('refuses a call that names no user, and a body past the limit, in OpenAI’s format', async () => {
    const anonymous = new OpenAI({
      apiKey: 'sk-app-openai',
      baseURL: `${t.url}/gateway/openai/v1`,
      defaultHeaders: { 'x-spendscope-key': t.apiKey },
      maxRetries: 0,
    });
    expect(await anonymous.chat.completions.create(request).catch((e: unknown) => e)).toBeInstanceOf(
      OpenAI.BadRequestError,
    );
    const huge = { ...request, messages: [{ role: 'user' as const, content: 'x'.repeat(70_000) }] };
    const tooLarge = await openaiVia(newUser('big'))
      .chat.completions.create(huge)
      .catch((e: unknown) => e);
    expect((tooLarge as InstanceType<typeof OpenAI.APIError>).status).toBe(413);
    // The body's `user` field names the end user when the header does not.
    await anonymous.chat.completions.create({ ...request, user: 'gw-body-user' });
    expect((await meteredCalls('gw-body-user'))[0]?.provider).toBe('openai');
    expect(upstream.seen).toHaveLength(1);
  });
});

describe('the gateway with Mistral’s OpenAI-compatible API', () => {
  it('meters Mistral calls under mistral', async () => {
    const user = newUser('mistral');
    const client = new OpenAI({
      apiKey: 'mistral-key',
      baseURL: `${t.url}/gateway/mistral/v1`,
      defaultHeaders: spendscope(user),
      maxRetries: 0,
    });
    await client.chat.completions.create({
      model: 'mistral-small-latest',
      messages: [{ role: 'user', content: 'hi' }],
    });
    const [event] = await meteredCalls(user);
    expect(event).toMatchObject({ provider: 'mistral', input_tokens: 200, output_tokens: 300 });
    expect(upstream.seen[0]?.headers.authorization).toBe('Bearer mistral-key');
  });
});

/** Anthropic usage in Spendscope's meaning: cache reads and writes apart, the one-hour writes within. */
const ANTHROPIC_METERED = {
  input_tokens: 40,
  output_tokens: 120,
  cached_tokens: 2000,
  cache_write_tokens: 500,
  cache_write_1h_tokens: 200,
  reasoning_tokens: 0,
};

describe('the gateway with the official @anthropic-ai/sdk', () => {
  const request = {
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    messages: [{ role: 'user' as const, content: 'Say hello.' }],
  };

  it('passes a message through unchanged and meters cache reads and writes', async () => {
    const user = newUser('anthropic');
    const direct = await anthropicDirect().messages.create(request);
    upstream.seen.length = 0;
    expect(await anthropicVia(user).messages.create(request)).toEqual(direct);
    // This SDK major sends its key as a bearer token (earlier ones as x-api-key): either passes as sent.
    const seen = upstream.seen[0]?.headers;
    expect(seen?.['x-api-key'] ?? seen?.authorization).toMatch(/^(Bearer )?sk-ant-app$/);
    expect(Object.keys(upstream.seen[0]?.headers ?? {}).some((h) => h.startsWith('x-spendscope-'))).toBe(
      false,
    );
    const [event] = await meteredCalls(user);
    expect(event && tokensOf(event)).toEqual(ANTHROPIC_METERED);
    expect(event).toMatchObject({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      endpoint: '/v1/messages',
    });
  });

  it('streams unchanged and takes the last, cumulative message_delta usage', async () => {
    const user = newUser('anthropic-stream');
    const collect = async (client: Anthropic) => {
      const events = [];
      for await (const e of await client.messages.create({ ...request, stream: true })) events.push(e);
      return events;
    };
    const direct = await collect(anthropicDirect());
    expect(await collect(anthropicVia(user))).toEqual(direct);
    const [event] = await meteredCalls(user);
    expect(event && tokensOf(event)).toEqual(ANTHROPIC_METERED);
  });

  it('meters an abandoned stream as partial with the usage seen so far', async () => {
    const user = newUser('anthropic-abort');
    upstream.behavior = 'stall-stream';
    const stream = await anthropicVia(user).messages.create({ ...request, stream: true });
    for await (const e of stream) if (e.type === 'message_delta') break;
    const [event] = await meteredCalls(user);
    expect(event).toMatchObject({
      error: PARTIAL_ERROR,
      output_tokens: 10,
      cached_tokens: 2000,
      input_tokens: 40,
    });
  });

  it('answers 502 in Anthropic’s format when the upstream cannot be reached', async () => {
    const user = newUser('anthropic-down');
    const down = await startProviderStandIn();
    await down.close();
    const local = await startTestServer({
      env: { SPENDSCOPE_UPSTREAM_ANTHROPIC: down.url, DEFAULT_PLAN: 'enterprise' },
    });
    try {
      const client = new Anthropic({
        apiKey: 'sk-ant-app',
        baseURL: `${local.url}/gateway/anthropic`,
        defaultHeaders: { 'x-spendscope-key': local.apiKey, 'x-spendscope-user': user },
        maxRetries: 0,
      });
      const error = await client.messages.create(request).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Anthropic.InternalServerError);
      expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(502);
      expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
        type: 'error',
        error: { type: 'api_error' },
      });
    } finally {
      await local.close();
    }
  });
});

describe('the gateway with the official @google/genai SDK', () => {
  const request = { model: 'gemini-2.5-flash', contents: 'Say hello.' };
  const GEMINI_METERED = {
    input_tokens: 300,
    output_tokens: 100,
    cached_tokens: 600,
    cache_write_tokens: 0,
    cache_write_1h_tokens: 0,
    reasoning_tokens: 30,
  };

  it('passes generateContent through unchanged and meters cached and thinking tokens', async () => {
    const user = newUser('gemini');
    const direct = await geminiDirect().models.generateContent(request);
    upstream.seen.length = 0;
    const via = await geminiVia(user).models.generateContent(request);
    expect(via.candidates).toEqual(direct.candidates);
    expect(via.usageMetadata).toEqual(direct.usageMetadata);
    expect(upstream.seen[0]?.headers['x-goog-api-key']).toBe('AIza-app-gemini');
    expect(Object.keys(upstream.seen[0]?.headers ?? {}).some((h) => h.startsWith('x-spendscope-'))).toBe(
      false,
    );
    const [event] = await meteredCalls(user);
    expect(event && tokensOf(event)).toEqual(GEMINI_METERED);
    expect(event).toMatchObject({ provider: 'gemini', model: 'gemini-2.5-flash' });
  });

  it('streams unchanged and meters the last chunk’s usageMetadata', async () => {
    const user = newUser('gemini-stream');
    const texts = async (client: GoogleGenAI) => {
      const out = [];
      for await (const chunk of await client.models.generateContentStream(request)) out.push(chunk.text);
      return out;
    };
    expect(await texts(geminiVia(user))).toEqual(await texts(geminiDirect()));
    const [event] = await meteredCalls(user);
    expect(event && tokensOf(event)).toEqual(GEMINI_METERED);
  });

  it('passes a provider error through so the SDK raises it', async () => {
    upstream.behavior = 'provider-error';
    const error = await geminiVia(newUser('gemini-error'))
      .models.generateContent(request)
      .catch((e: unknown) => e);
    expect(String(error)).toContain('upstream says slow down');
  });
});
