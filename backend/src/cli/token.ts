import { join } from 'node:path';
import { userIdSchema } from '@spendscope/contracts';
import { createTokenService, DEFAULT_TOKEN_TTL_SECONDS, resolveSecret } from '../auth/tokens.ts';
import { DATA_DIR, loadConfig } from '../config.ts';

const USAGE = 'usage: npm run token -- USER_ID [--admin] [--ttl SECONDS]';

/** `npm run token -- USER [--admin]`: prints a signed token as the last line. */
async function main(args: string[]): Promise<number> {
  const userId = args.find((a) => !a.startsWith('--'));
  const ttlIndex = args.indexOf('--ttl');
  const ttl = ttlIndex >= 0 ? Number(args[ttlIndex + 1]) : DEFAULT_TOKEN_TTL_SECONDS;
  if (!userId || !userIdSchema.safeParse(userId).success || !Number.isFinite(ttl) || ttl <= 0) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const tokens = createTokenService(resolveSecret(config.SPENDSCOPE_SECRET, join(DATA_DIR, 'secret')));
  const role = args.includes('--admin') ? 'admin' : 'user';
  console.log(await tokens.sign({ userId, role }, ttl));
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
