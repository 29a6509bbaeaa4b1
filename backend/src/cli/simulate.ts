import { parseArgs } from 'node:util';
import { startSimulator } from '../demo/simulator.ts';

const USAGE = `usage: npm run simulate -- --url http://localhost:8000 --key sk_… [--interval 2000] [--calls 3] [--duration 60]
  --url       the Spendscope server (default http://localhost:8000)
  --key       an ingestion key (default: $SPENDSCOPE_API_KEY); create one with npm run keys -- create NAME
  --interval  milliseconds between ticks (default 2000)
  --calls     average calls per tick over the demo users (default 3)
  --duration  stop after this many seconds (default: run until Ctrl-C)`;

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`--${name} must be a positive number, got "${text}"`);
  return value;
}

/** `npm run simulate`: reports demo traffic to any Spendscope server until stopped. */
async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string', default: 'http://localhost:8000' },
      key: { type: 'string' },
      interval: { type: 'string' },
      calls: { type: 'string' },
      duration: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const apiKey = values.key ?? process.env.SPENDSCOPE_API_KEY;
  if (!apiKey) {
    console.error(`an ingestion key is needed\n${USAGE}`);
    return 2;
  }
  const intervalMs = positive('interval', values.interval, 2000);
  const callsPerTick = positive('calls', values.calls, 3);
  const durationS = values.duration === undefined ? undefined : positive('duration', values.duration, 0);

  const simulator = startSimulator({
    url: values.url,
    apiKey,
    intervalMs,
    callsPerTick,
    log: (message) => console.log(message),
  });
  console.log(`Simulating demo traffic to ${values.url} every ${intervalMs} ms (Ctrl-C stops).`);
  const progress = setInterval(() => {
    const s = simulator.stats();
    console.log(`ticks ${s.ticks}  accepted ${s.accepted}  rejected ${s.rejected}  queued ${s.queued}`);
  }, 10_000);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
    if (durationS !== undefined) setTimeout(resolve, durationS * 1000);
  });
  clearInterval(progress);
  await simulator.stop();
  const s = simulator.stats();
  console.log(
    `Stopped after ${s.ticks} ticks: ${s.accepted} calls stored, ${s.rejected} rejected, ${s.dropped} dropped.`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
