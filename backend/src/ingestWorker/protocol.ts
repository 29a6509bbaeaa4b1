import type { ErrorCode } from '@spendscope/contracts';
import type { IngestResult, PendingReport } from '../domain/ingest.ts';
import type { ReserveOutcome, ReserveRequest } from '../domain/reservations.ts';
import { AppError } from '../errors.ts';

/** What the ingest worker is started with. */
export type IngestWorkerData = {
  /** The database the server runs on: a SQLite file path or a `postgres://` URL. */
  target: string;
  defaultPlanId: string;
};

/** A reservation's write, run on the worker's connection (domain/reservations.ts, ReservationStore). */
export type ReservationTask =
  | { kind: 'reserve'; request: ReserveRequest; nowMs: number; ttlMs: number }
  | { kind: 'release'; reservationId: string; nowMs: number }
  | { kind: 'expire'; expiredBy: number };

/** Messages to the worker. */
export type ToWorker =
  | { type: 'store'; id: number; reports: PendingReport[] }
  | { type: 'reservation'; id: number; task: ReservationTask }
  /** Close the database and stop, once the stores in progress are done. */
  | { type: 'close' };

/** An error as it crosses between threads (an AppError keeps its code and headers). */
export type WireError = { message: string; code?: ErrorCode; headers?: Record<string, string> };

/** Messages from the worker. */
export type FromWorker =
  | { type: 'stored'; id: number; results: IngestResult[] }
  | { type: 'reservation'; id: number; result: ReserveOutcome | boolean | number }
  | { type: 'failed'; id: number; error: WireError };

export function toWire(error: unknown): WireError {
  if (error instanceof AppError) return { message: error.message, code: error.code, headers: error.headers };
  return { message: error instanceof Error ? error.message : String(error) };
}

export function fromWire(error: WireError): Error {
  return error.code ? new AppError(error.code, error.message, error.headers) : new Error(error.message);
}
