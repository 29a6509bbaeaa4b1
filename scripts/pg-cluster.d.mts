/** A throwaway PostgreSQL cluster (see pg-cluster.mjs). */
export type PgCluster = {
  /** `postgres://postgres@127.0.0.1:PORT` (append `/database`). */
  baseUrl: string;
  port: number;
  /** The folder holding the data, the log and the socket; removed by stop(). */
  dir: string;
  /** Creates an empty database (lower-case letters, digits, `_`) and returns its connection string. */
  createDatabase(name: string): Promise<string>;
  /** Drops a database, closing any connection still open to it. */
  dropDatabase(name: string): Promise<void>;
  /** Stops the server at once and removes its folder. */
  stop(): void;
};

export type PgClusterOptions = {
  /** fsync and synchronous commit on (measurements); off by default (tests). */
  durable?: boolean;
  /** Extra server settings, e.g. `{ shared_buffers: '256MB' }`. */
  settings?: Record<string, string>;
};

export function startPgCluster(options?: PgClusterOptions): Promise<PgCluster>;
