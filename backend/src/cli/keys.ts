import { createApiKey, listApiKeys, revokeApiKey } from '../auth/apiKeys.ts';
import { databaseTarget, loadConfig } from '../config.ts';
import { openDatabase } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrations.ts';

const USAGE = 'usage: npm run keys -- create NAME | revoke NAME_OR_PREFIX | list';

/** `npm run keys -- create NAME`: prints a new ingestion key as the last line. */
async function main(args: string[]): Promise<number> {
  const [command, name] = args;
  const handle = openDatabase(databaseTarget(loadConfig()));
  try {
    await migrateToLatest(handle.db, handle.dialect);
    if (command === 'create' && name) {
      const { key } = await createApiKey(handle.db, name);
      console.log(`Created ingestion key "${name}". It is shown once; store it now:`);
      console.log(key);
      return 0;
    }
    if (command === 'revoke' && name) {
      const count = await revokeApiKey(handle.db, name);
      console.log(count > 0 ? `Revoked ${count} key(s).` : `No active key named or starting "${name}".`);
      return count > 0 ? 0 : 1;
    }
    if (command === 'list') {
      for (const key of await listApiKeys(handle.db)) {
        const state = key.revoked_at ? 'revoked' : 'active';
        console.log(
          `${key.prefix}…  ${key.name}  ${state}  created ${new Date(Number(key.created_at)).toISOString()}`,
        );
      }
      return 0;
    }
    console.error(USAGE);
    return 2;
  } finally {
    await handle.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
