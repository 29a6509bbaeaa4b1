import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { usageStatsSchema } from '@spendscope/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/auth/apiKeys.ts';
import { startDemoSimulator } from '../src/demo/localSimulator.ts';
import { DEMO_USERS } from '../src/demo/users.ts';
import { call, startTestServer, type TestServer } from './harness.ts';
import { connectSocket } from './ws-client.ts';

let t: TestServer;
beforeAll(async () => {
  // 20,000 times the seeded pace: about 3.5 calls a 50 ms tick, so the test sees traffic at once.
  t = await startTestServer({ env: { SIMULATE_INTERVAL_MS: '50', SIMULATE_SPEED: '20000' } });
});
afterAll(() => t.close());

async function totalCalls(): Promise<number> {
  let total = 0;
  for (const user of DEMO_USERS) {
    const res = await call(t.url, `/api/billing/usage/${user.id}`, { token: t.adminToken });
    if (res.status === 404) continue;
    total += usageStatsSchema.parse(res.body).total_calls;
  }
  return total;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the traffic simulator', () => {
  it('reports calls for the demo users through the HTTP API, and live sockets see them', async () => {
    const logs: string[] = [];
    const simulator = await startDemoSimulator(t.server.ctx, t.url, (m) => logs.push(m));
    await until(() => simulator.stats().accepted >= 5);
    const watcher = await connectSocket(t.url, 'demo-carol', t.adminToken);
    const first = await watcher.waitFor((m) => m.type === 'usage.updated');
    const callsAtConnect = first.type === 'usage.updated' ? first.data.total_calls : 0;
    await watcher.waitFor((m) => m.type === 'usage.updated' && m.data.total_calls > callsAtConnect);
    await watcher.close();
    await simulator.stop();

    const stats = simulator.stats();
    expect(stats.rejected).toBe(0);
    expect(stats.queued).toBe(0);
    expect(await totalCalls()).toBe(stats.accepted);
    // The simulator's reports are real requests: they show in the server's own metrics.
    const reports = t.server.ctx.metrics.requests
      .window(5)
      .endpoints.find((e) => e.route === '/api/usage/events');
    expect(reports?.count).toBe(stats.batches);
  });

  it('replaces its ingestion key at each start, so keys do not pile up', async () => {
    const first = await startDemoSimulator(t.server.ctx, t.url, () => {});
    await first.stop();
    const second = await startDemoSimulator(t.server.ctx, t.url, () => {});
    await second.stop();
    const active = await t.server.ctx.db
      .selectFrom('api_keys')
      .select('id')
      .where('name', '=', 'demo-simulator')
      .where('revoked_at', 'is', null)
      .execute();
    expect(active).toHaveLength(1);
  });

  it('runs from the command line against any server until its duration ends', async () => {
    const { key } = await createApiKey(t.server.ctx.db, 'cli-simulator');
    const before = await totalCalls();
    const script = fileURLToPath(new URL('../src/cli/simulate.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', script, '--url', t.url, '--key', key, '--interval', '50', '--duration', '1'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, output).toBe(0);
    expect(output).toMatch(/Stopped after \d+ ticks: \d+ calls stored, 0 rejected/);
    expect(await totalCalls()).toBeGreaterThan(before);
  });

  it('refuses to start from the command line without a key', async () => {
    const script = fileURLToPath(new URL('../src/cli/simulate.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, '--url', t.url], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SPENDSCOPE_API_KEY: '' },
    });
    let output = '';
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(output).toContain('an ingestion key is needed');
  });
});
