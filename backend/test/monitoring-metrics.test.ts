import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './harness.ts';
import { parsePrometheusText, sampleValue } from './monitoring-promtext.ts';
import { connectSocket } from './ws-client.ts';

describe('/metrics', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  async function scrape() {
    const res = await fetch(`${t.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return parsePrometheusText(await res.text());
  }

  it('parses as Prometheus text with requests, latency, ingest, batch sizes and sockets', async () => {
    const events = Array.from({ length: 7 }, (_, i) => ({
      event_id: `prom-${i}`,
      user_id: 'prom-user',
      provider: 'mistral',
      model: 'mistral-small',
      input_tokens: 5,
    }));
    events.push({ ...events[0]! });
    const bad = { event_id: 'prom-bad', user_id: 'prom-user', provider: 'nobody' };
    await call(t.url, '/api/usage/events', { token: t.apiKey, body: { events: [...events, bad] } });
    for (let i = 0; i < 3; i++) {
      await call(t.url, '/api/billing/usage/prom-user', { token: t.adminToken });
    }
    const socket = await connectSocket(t.url, 'prom-user', t.adminToken);
    await socket.waitFor((m) => m.type === 'usage.updated');

    const families = await scrape();
    expect(families.get('spendscope_http_requests_total')?.type).toBe('counter');
    expect(families.get('spendscope_http_request_duration_seconds')?.type).toBe('histogram');
    const usageReads = { method: 'GET', route: '/api/billing/usage/:userId', status_code: '200' };
    expect(sampleValue(families, 'spendscope_http_requests_total', usageReads)).toBe(3);
    expect(
      sampleValue(families, 'spendscope_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/billing/usage/:userId',
      }),
    ).toBe(3);
    expect(sampleValue(families, 'spendscope_events_ingested_total', { outcome: 'accepted' })).toBe(7);
    expect(sampleValue(families, 'spendscope_events_ingested_total', { outcome: 'duplicate' })).toBe(1);
    expect(sampleValue(families, 'spendscope_events_ingested_total', { outcome: 'rejected' })).toBe(1);
    expect(sampleValue(families, 'spendscope_ingest_batch_size_count')).toBe(1);
    expect(sampleValue(families, 'spendscope_ingest_batch_size_sum')).toBe(9);
    expect(sampleValue(families, 'spendscope_websocket_clients')).toBe(1);
    expect(sampleValue(families, 'spendscope_read_cache_misses_total')).toBeGreaterThanOrEqual(1);
    expect(families.has('spendscope_process_cpu_user_seconds_total')).toBe(true);

    await socket.close();
    // The server sees the close a moment after the client does.
    for (let i = 0; i < 50 && sampleValue(await scrape(), 'spendscope_websocket_clients') !== 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(sampleValue(await scrape(), 'spendscope_websocket_clients')).toBe(0);
  });

  it('labels requests by route pattern, never by a raw path', async () => {
    await call(t.url, '/api/billing/usage/prom-raw-id', { token: t.adminToken });
    const text = await (await fetch(`${t.url}/metrics`)).text();
    expect(text).not.toContain('prom-raw-id');
  });
});

describe('/metrics behind METRICS_TOKEN', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: { METRICS_TOKEN: 'scrape-secret-123' } });
  });
  afterAll(() => t.close());

  it('answers only the scrape token', async () => {
    expect((await call(t.url, '/metrics')).status).toBe(401);
    expect((await call(t.url, '/metrics', { token: 'wrong' })).status).toBe(401);
    expect((await call(t.url, '/metrics', { token: t.adminToken })).status).toBe(401);
    const res = await call(t.url, '/metrics', { token: 'scrape-secret-123' });
    expect(res.status).toBe(200);
    parsePrometheusText(String(res.body));
  });
});
