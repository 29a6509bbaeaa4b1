import type { TestProject } from 'vitest/node';
import { startPgCluster } from '../../scripts/pg-cluster.mjs';

/**
 * Global setup of the `server-pg` project: one throwaway PostgreSQL cluster for the whole run (each test
 * server gets its own database in it), stopped and removed when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startPgCluster();
  project.provide('pgBaseUrl', cluster.baseUrl);
  return () => cluster.stop();
}
