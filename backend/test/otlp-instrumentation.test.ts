import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { dashboardDataSchema, eventsPageSchema } from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './harness.ts';

// The traced call happens at the real time, and the server takes it at the real time; its clock is
// then fixed just after the span's end, so the dashboard's current month is the call's month whatever
// day the test runs on.
let serverNow: Date | undefined;
let t: TestServer;
let openaiStandIn: Server;
beforeAll(async () => {
  t = await startTestServer({ clock: () => serverNow ?? new Date() });
  // A stand-in for the OpenAI API on loopback, answering a chat completion in the real wire format.
  openaiStandIn = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id: 'chatcmpl-standin',
          object: 'chat.completion',
          created: 1_767_225_600,
          model: 'gpt-4o-2024-08-06',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: 'Hello.' },
              finish_reason: 'stop',
              logprobs: null,
            },
          ],
          usage: { prompt_tokens: 1200, completion_tokens: 300, total_tokens: 1500 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => openaiStandIn.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => openaiStandIn.close(resolve));
  await t.close();
});

describe('the OpenTelemetry OpenAI instrumentation, exporting to Spendscope', () => {
  it("puts a traced openai SDK call's cost on the user's dashboard", async () => {
    const seen = new InMemorySpanExporter();
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'chat-app', 'user.id': 'otlp-instrumented' }),
      spanProcessors: [
        new SimpleSpanProcessor(seen),
        new BatchSpanProcessor(
          new OTLPTraceExporter({
            url: `${t.url}/v1/traces`,
            headers: { authorization: `Bearer ${t.apiKey}` },
          }),
        ),
      ],
    });
    const instrumentation = new OpenAIInstrumentation();
    instrumentation.setTracerProvider(provider);
    // The SDK as an app loads it (CommonJS), patched through the instrumentation's own module hook.
    const openaiModule = createRequire(import.meta.url)('openai');
    for (const definition of instrumentation.getModuleDefinitions()) definition.patch?.(openaiModule);
    const client = new openaiModule.OpenAI({
      apiKey: 'sk-test',
      baseURL: `http://127.0.0.1:${(openaiStandIn.address() as AddressInfo).port}/v1`,
    });

    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Say hello.' }],
    });
    expect(completion.usage.prompt_tokens).toBe(1200);
    await provider.forceFlush();
    // Read before shutdown, which empties the in-memory exporter.
    const [span] = seen.getFinishedSpans();
    await provider.shutdown();
    expect(span?.attributes['gen_ai.usage.input_tokens']).toBe(1200);
    const endedAt = new Date(hrTimeToMilliseconds(span!.endTime));
    serverNow = new Date(endedAt.getTime() + 1000);
    const period = endedAt.toISOString().slice(0, 7);

    const page = eventsPageSchema.parse(
      (
        await call(t.url, `/api/billing/usage/otlp-instrumented/events?period=${period}&limit=10`, {
          token: t.adminToken,
        })
      ).body,
    );
    expect(page.events).toHaveLength(1);
    const [event] = page.events;
    expect(event).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o-2024-08-06',
      input_tokens: 1200,
      output_tokens: 300,
      is_priced: true,
    });
    expect(event!.cost).toBeGreaterThan(0);

    const dashboard = dashboardDataSchema.parse(
      (await call(t.url, '/api/billing/dashboard/otlp-instrumented', { token: t.adminToken })).body,
    );
    expect(dashboard.current_usage.total_calls).toBe(1);
    expect(dashboard.current_usage.total_cost).toBeCloseTo(event!.cost, 9);
    expect(dashboard.current_usage.provider_breakdown.openai.cost).toBeCloseTo(event!.cost, 9);
  });
});
