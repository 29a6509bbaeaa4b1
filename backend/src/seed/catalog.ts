/** Seeding the default plans and prices lives in `defaults/seedCatalog.ts`; this path still serves one test. */
export { seedCatalog } from '../defaults/seedCatalog.ts';
