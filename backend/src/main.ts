import { loadConfig } from './config.ts';
import { loopbackUrl, startDemoSimulator } from './demo/localSimulator.ts';
import { seedDemo } from './demo/seed.ts';
import { exitGracefullyOnSignals } from './security/shutdown.ts';
import { createServer } from './server.ts';

/** Starts Spendscope: one process serving the API, the WebSocket and the dashboard. */
async function main(): Promise<void> {
  const config = loadConfig();
  const server = await createServer(config);
  const { app, ctx } = server;
  const demo = config.SEED_DEMO ? await seedDemo(ctx) : undefined;
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  const port = Number(new URL(address).port);
  const simulator = config.SIMULATE
    ? await startDemoSimulator(ctx, loopbackUrl(config.HOST, port), (message) => app.log.info(message))
    : undefined;

  exitGracefullyOnSignals({
    close: async () => {
      await simulator?.stop();
      await server.close();
    },
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    log: app.log,
  });

  const base = `http://localhost:${port}`;
  console.log(`\nSpendscope is running on ${base} (${ctx.dialect})`);
  if (demo) {
    const userToken = await ctx.tokens.sign({ userId: demo.mainUserId, role: 'user' });
    const adminToken = await ctx.tokens.sign({ userId: demo.adminUserId, role: 'admin' });
    console.log(`\n  Dashboard (demo user ${demo.mainUserId}):\n  ${base}/billing?token=${userToken}`);
    console.log(`\n  Operator view (admin):\n  ${base}/admin/users?token=${adminToken}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
