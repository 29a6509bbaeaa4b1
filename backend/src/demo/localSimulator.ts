import { createApiKey, revokeApiKey } from '../auth/apiKeys.ts';
import type { AppContext } from '../context.ts';
import { type Simulator, startSimulator } from './simulator.ts';
import { seededCallsPerTick } from './traffic.ts';
import { DEMO_USERS } from './users.ts';

/** The name of the ingestion key the in-process simulator uses; replaced at every start. */
export const SIMULATOR_KEY_NAME = 'demo-simulator';

/** The URL this process answers on from inside the machine. */
export function loopbackUrl(host: string, port: number): string {
  const isWildcard = host === '0.0.0.0' || host === '::' || host === '' || host === 'localhost';
  const address = isWildcard ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${address}:${port}`;
}

/**
 * Starts the demo traffic against this very server, through its HTTP API, with a fresh ingestion key
 * (the previous run's key is revoked, so keys do not pile up), at the seeded history's pace times
 * `SIMULATE_SPEED`.
 */
export async function startDemoSimulator(
  ctx: Pick<AppContext, 'db' | 'config'>,
  url: string,
  log: (message: string) => void,
): Promise<Simulator> {
  await revokeApiKey(ctx.db, SIMULATOR_KEY_NAME);
  const { key } = await createApiKey(ctx.db, SIMULATOR_KEY_NAME);
  const intervalMs = ctx.config.SIMULATE_INTERVAL_MS;
  return startSimulator({
    url,
    apiKey: key,
    intervalMs,
    users: DEMO_USERS,
    // At the pace of the seeded history unless SIMULATE_SPEED says otherwise.
    callsPerTick: seededCallsPerTick(DEMO_USERS, intervalMs, ctx.config.SIMULATE_SPEED),
    log,
  });
}
