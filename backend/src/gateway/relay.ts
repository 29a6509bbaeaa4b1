import { Transform, type TransformCallback } from 'node:stream';
import { createParser } from 'eventsource-parser';
import {
  type PreparedCall,
  type ProviderFormat,
  parseJson,
  type ReplyFacts,
  type StreamEvent,
} from './types.ts';

/** A reply body the gateway keeps a copy of to read its usage; past this it is passed on unread. */
export const MAX_METERED_BODY_BYTES = 64 * 1024 * 1024;

/** The tee between upstream and client: passes the bytes on and reads the reply's usage from them. */
export type Relay = { stream: Transform; facts(): ReplyFacts };

function serialize(event: StreamEvent): string {
  const head = `${event.event ? `event: ${event.event}\n` : ''}${event.id ? `id: ${event.id}\n` : ''}`;
  return `${head}${event.data
    .split('\n')
    .map((line) => `data: ${line}`)
    .join('\n')}\n\n`;
}

/**
 * A server-sent-event stream, passed on chunk by chunk as it arrives while a parser reads each event.
 * Only when the gateway asked for a usage chunk the client did not are events written anew (each as
 * soon as it is complete), so that chunk can be left out.
 */
export function streamRelay(format: ProviderFormat, call: PreparedCall): Relay {
  const reader = format.streamReader(call);
  const decoder = new TextDecoder();
  let out: string[] = [];
  const parser = createParser({
    onEvent(event) {
      const passed = reader.onEvent(event);
      if (call.stripsUsageChunk && passed) out.push(serialize(passed));
    },
  });
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      parser.feed(decoder.decode(chunk, { stream: true }));
      if (!call.stripsUsageChunk) return done(null, chunk);
      const ready = out.join('');
      out = [];
      done(null, ready === '' ? undefined : ready);
    },
    flush(done) {
      parser.feed(decoder.decode());
      // An event without its closing blank line still reaches the client as it came.
      parser.reset({ consume: true });
      done(null, out.length > 0 ? out.join('') : undefined);
    },
  });
  return { stream, facts: reader.facts };
}

/** A JSON reply, passed on chunk by chunk; a copy is read for its usage at the end. */
export function bodyRelay(format: ProviderFormat): Relay {
  const chunks: Buffer[] = [];
  let size = 0;
  let facts: ReplyFacts = {};
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      size += chunk.length;
      if (size <= MAX_METERED_BODY_BYTES) chunks.push(chunk);
      done(null, chunk);
    },
    flush(done) {
      if (size <= MAX_METERED_BODY_BYTES)
        facts = format.factsOfBody(parseJson(Buffer.concat(chunks).toString()));
      chunks.length = 0;
      done();
    },
  });
  return { stream, facts: () => facts };
}
