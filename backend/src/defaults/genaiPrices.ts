import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CatalogProvider } from '../domain/catalogPrices.ts';
import { CATALOG_PROVIDERS } from '../domain/catalogPrices.ts';

/** The catalog's name in a price row's provenance: `genai-prices@<version>`. */
export const CATALOG_NAME = 'genai-prices';

/** The installed catalog: its provenance tag and the providers Spendscope meters. */
export type InstalledCatalog = { source: string; providers: CatalogProvider[] };

/**
 * The data bundled with the installed `@pydantic/genai-prices` (never fetched: the package's own
 * remote update is not used, so prices change only when an operator upgrades and imports). Loaded on
 * demand, since a server whose table already holds this version never needs it.
 */
export async function installedCatalog(): Promise<InstalledCatalog> {
  const { findProvider } = await import('@pydantic/genai-prices');
  const entry = createRequire(import.meta.url).resolve('@pydantic/genai-prices');
  const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const providers: CatalogProvider[] = [];
  for (const id of Object.keys(CATALOG_PROVIDERS)) {
    const provider = findProvider({ providerId: id });
    if (provider) providers.push(provider as CatalogProvider);
  }
  return { source: `${CATALOG_NAME}@${manifest.version}`, providers };
}
