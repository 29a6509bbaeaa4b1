// The ingest worker's thread: stores checked reports on a database connection of its own, so that
// pricing, rollups, alert checks and (on SQLite, whose driver is synchronous) every insert run beside
// the server's event loop instead of on it. Started by ingestThread.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection.ts';
import { eventWriterFor } from '../db/eventWriter.ts';
import { storeInTransactions } from '../domain/ingestQueue.ts';
import { PriceBook } from '../domain/priceBook.ts';
import { databaseReservationStore, type ReserveOutcome } from '../domain/reservations.ts';
import {
  type FromWorker,
  type IngestWorkerData,
  type ReservationTask,
  type ToWorker,
  toWire,
} from './protocol.ts';

const port = parentPort;
if (!port) throw new Error('ingestWorker/worker.ts runs as a worker thread (see ingestThread.ts)');

const { target, defaultPlanId } = workerData as IngestWorkerData;
const handle = openDatabase(target);
const store = storeInTransactions({
  db: handle.db,
  prices: new PriceBook(handle.db),
  defaultPlanId,
  writer: eventWriterFor(handle),
});
const reservations = databaseReservationStore(handle.db, defaultPlanId);
const inProgress = new Set<Promise<void>>();

function runReservationTask(task: ReservationTask): Promise<ReserveOutcome | boolean | number> {
  switch (task.kind) {
    case 'reserve':
      return reservations.reserve(task.request, task);
    case 'release':
      return reservations.release(task.reservationId, task.nowMs);
    case 'expire':
      return reservations.expire(task.expiredBy);
  }
}

const reply = (message: FromWorker) => port.postMessage(message);

port.on('message', (message: ToWorker) => {
  if (message.type === 'close') {
    void Promise.allSettled(inProgress)
      .then(() => handle.close())
      .finally(() => port.close());
    return;
  }
  const { id } = message;
  const run =
    message.type === 'store'
      ? store(message.reports).then((results) => reply({ type: 'stored', id, results }))
      : runReservationTask(message.task).then((result) => reply({ type: 'reservation', id, result }));
  const work = run.catch((error: unknown) => reply({ type: 'failed', id, error: toWire(error) }));
  inProgress.add(work);
  void work.finally(() => inProgress.delete(work));
});
