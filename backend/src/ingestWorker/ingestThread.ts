import { Worker } from 'node:worker_threads';
import type { IngestResult, PendingReport } from '../domain/ingest.ts';
import type { ReservationStore, ReserveOutcome } from '../domain/reservations.ts';
import {
  type FromWorker,
  fromWire,
  type IngestWorkerData,
  type ReservationTask,
  type ToWorker,
} from './protocol.ts';

/**
 * The ingest worker's heap: old generation capped like the server's (a group of up to 20,000 events and
 * its rows fit several times over), young generation small, as `--max-semi-space-size=8` keeps the
 * server's, so that the thread's garbage is collected instead of growing the process's memory.
 */
export const INGEST_WORKER_HEAP = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };

/** Stores reports in a worker thread (see worker.ts); the same contract as IngestQueue's `store`. */
export type IngestThread = {
  store(reports: readonly PendingReport[]): Promise<IngestResult[]>;
  /** Reservations written on the worker's connection, beside the reports it stores. */
  reservations: ReservationStore;
  /** Waits for the stores in progress, closes the worker's database connection and ends the thread. */
  close(): Promise<void>;
};

/**
 * The worker's entry point: from the TypeScript sources (tests, `npm run dev`) through tsx's loader;
 * from the bundle (`backend/dist/main.mjs`) the worker's own bundle beside it.
 */
function spawn(data: IngestWorkerData): Worker {
  const options = { workerData: data, resourceLimits: INGEST_WORKER_HEAP };
  if (import.meta.url.endsWith('.ts')) {
    const entry = JSON.stringify(new URL('./worker.ts', import.meta.url).href);
    return new Worker(
      `import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}); })`,
      { ...options, eval: true },
    );
  }
  return new Worker(new URL('./ingestWorker.mjs', import.meta.url), options);
}

type Pending = { resolve(result: unknown): void; reject(error: Error): void };

/**
 * Starts the ingest worker over the database. If the thread dies (out of memory, a crash), the stores
 * it had are refused (their reports were not acknowledged, so clients send them again) and the next
 * store starts a new thread.
 */
export function startIngestThread(data: IngestWorkerData): IngestThread {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let worker: Worker | undefined;
  let exited: Promise<void> = Promise.resolve();
  let isClosed = false;

  const start = (): Worker => {
    const thread = spawn(data);
    thread.on('message', (message: FromWorker) => {
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      if (message.type === 'stored') waiting.resolve(message.results);
      else if (message.type === 'reservation') waiting.resolve(message.result);
      else waiting.reject(fromWire(message.error));
    });
    let failure: Error | undefined;
    thread.on('error', (error) => {
      failure = error;
    });
    exited = new Promise((resolve) => {
      thread.once('exit', (code) => {
        if (worker === thread) worker = undefined;
        const reason = new Error(
          `the ingest worker stopped (${failure ? failure.message : `exit code ${code}`}); send the report again`,
        );
        for (const waiting of pending.values()) waiting.reject(reason);
        pending.clear();
        resolve();
      });
    });
    return thread;
  };
  worker = start();

  /** Sends a message to the thread (starting it if it stopped) and resolves with its answer. */
  function ask<T>(message: (id: number) => ToWorker): Promise<T> {
    if (isClosed) return Promise.reject(new Error('the ingest worker is closed'));
    worker ??= start();
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      worker!.postMessage(message(id));
    });
  }
  const reservation = <T>(task: ReservationTask) => ask<T>((id) => ({ type: 'reservation', id, task }));

  return {
    store(reports) {
      // Only the reports' data crosses to the thread (the queue's entries also hold callbacks).
      return ask<IngestResult[]>((id) => ({
        type: 'store',
        id,
        reports: reports.map(({ checked, now }) => ({ checked, now })),
      }));
    },
    reservations: {
      reserve: (request, { nowMs, ttlMs }) =>
        reservation<ReserveOutcome>({ kind: 'reserve', request, nowMs, ttlMs }),
      release: (reservationId, nowMs) => reservation<boolean>({ kind: 'release', reservationId, nowMs }),
      expire: (expiredBy) => reservation<number>({ kind: 'expire', expiredBy }),
    },
    async close() {
      isClosed = true;
      const thread = worker;
      worker = undefined;
      if (!thread) return;
      thread.postMessage({ type: 'close' } satisfies ToWorker);
      await exited;
    },
  };
}
