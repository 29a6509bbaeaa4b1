import { describe, expect, it } from 'vitest';
import { anthropicUsage } from './anthropic.ts';
import { geminiUsage } from './gemini.ts';
import { openaiFormat, openaiUsage } from './openai.ts';
import { clientReplyHeaders, upstreamRequestHeaders } from './upstream.ts';

describe('usage in Spendscope’s meaning', () => {
  it('takes cached input out of OpenAI’s prompt tokens and keeps reasoning inside output', () => {
    expect(
      openaiUsage({
        prompt_tokens: 100,
        completion_tokens: 40,
        prompt_tokens_details: { cached_tokens: 60 },
        completion_tokens_details: { reasoning_tokens: 25 },
      }),
    ).toMatchObject({ input_tokens: 40, cached_tokens: 60, output_tokens: 40, reasoning_tokens: 25 });
  });

  it('reads Responses-style input/output names the same way', () => {
    expect(
      openaiUsage({ input_tokens: 10, output_tokens: 5, input_tokens_details: { cached_tokens: 4 } }),
    ).toMatchObject({ input_tokens: 6, cached_tokens: 4, output_tokens: 5 });
  });

  it('keeps Anthropic’s earlier fields when a message_delta carries output only', () => {
    const start = anthropicUsage({
      input_tokens: 7,
      cache_read_input_tokens: 50,
      cache_creation_input_tokens: 20,
      cache_creation: { ephemeral_1h_input_tokens: 5 },
      output_tokens: 1,
    });
    expect(anthropicUsage({ output_tokens: 33 }, start)).toEqual({
      input_tokens: 7,
      output_tokens: 33,
      cached_tokens: 50,
      cache_write_tokens: 20,
      cache_write_1h_tokens: 5,
      reasoning_tokens: 0,
    });
  });

  it('counts Gemini thinking as output and takes cached content out of the prompt', () => {
    expect(
      geminiUsage({
        promptTokenCount: 90,
        cachedContentTokenCount: 30,
        candidatesTokenCount: 8,
        thoughtsTokenCount: 12,
      }),
    ).toMatchObject({ input_tokens: 60, cached_tokens: 30, output_tokens: 20, reasoning_tokens: 12 });
  });

  it('never counts negative or non-numeric fields', () => {
    expect(openaiUsage({ prompt_tokens: -5, completion_tokens: 'x' })).toMatchObject({
      input_tokens: 0,
      output_tokens: 0,
    });
  });
});

describe('the OpenAI request', () => {
  const format = openaiFormat('openai');
  const prepare = (body: Record<string, unknown>, path = '/v1/chat/completions') =>
    format.prepare({ path, body, raw: Buffer.from(JSON.stringify(body)), defaultMaxOutput: 4096 });

  it('asks for the usage chunk only on a stream that did not', () => {
    const streamed = prepare({ model: 'gpt-4o', stream: true });
    expect(typeof streamed !== 'string' && JSON.parse(streamed.upstreamBody.toString())).toMatchObject({
      stream_options: { include_usage: true },
    });
    const asked = prepare({ model: 'gpt-4o', stream: true, stream_options: { include_usage: true } });
    expect(typeof asked !== 'string' && asked.stripsUsageChunk).toBe(false);
    expect(typeof prepare({ model: 'gpt-4o' }) !== 'string' && prepare({ model: 'gpt-4o' })).toMatchObject({
      stripsUsageChunk: false,
    });
  });

  it('reserves max_completion_tokens, else max_tokens, else the default; embeddings none', () => {
    expect(prepare({ model: 'm', max_completion_tokens: 9, max_tokens: 99 })).toMatchObject({
      maxOutputTokens: 9,
    });
    expect(prepare({ model: 'm', max_tokens: 99 })).toMatchObject({ maxOutputTokens: 99 });
    expect(prepare({ model: 'm' })).toMatchObject({ maxOutputTokens: 4096 });
    expect(prepare({ model: 'm', input: 'x' }, '/v1/embeddings')).toMatchObject({ maxOutputTokens: 0 });
  });

  it('refuses a body without a model', () => {
    expect(typeof prepare({ messages: [] })).toBe('string');
  });
});

describe('forwarded headers', () => {
  it('keeps the provider credential and drops hop-by-hop and Spendscope headers', () => {
    const out = upstreamRequestHeaders(
      {
        authorization: 'Bearer sk-app',
        'x-api-key': 'k',
        connection: 'keep-alive, x-secret-hop',
        'x-secret-hop': '1',
        'keep-alive': 'timeout=5',
        'x-spendscope-key': 'sk_x',
        'x-spendscope-user': 'u',
        'accept-encoding': 'gzip',
        host: 'gateway',
        'content-length': '999',
      },
      12,
    );
    expect(out).toEqual({
      authorization: 'Bearer sk-app',
      'x-api-key': 'k',
      'accept-encoding': 'identity',
      'content-length': '12',
    });
  });

  it('drops hop-by-hop reply headers and the length of a rewritten stream', () => {
    expect(
      clientReplyHeaders(
        {
          'content-type': 'text/event-stream',
          'transfer-encoding': 'chunked',
          'content-length': '5',
          'x-request-id': 'r',
        },
        { keepsLength: false },
      ),
    ).toEqual({ 'content-type': 'text/event-stream', 'x-request-id': 'r' });
  });
});
