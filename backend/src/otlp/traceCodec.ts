import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { type OtlpExportTraceRequest, otlpExportTraceRequestSchema } from '@spendscope/contracts';
import protobuf from 'protobufjs';
import { AppError, describeZodError } from '../errors.ts';
import { OTLP_TRACE_DESCRIPTOR } from './otlpDescriptor.ts';

const gunzipAsync = promisify(gunzip);

/** Largest body accepted once decompressed: a gzip body may not expand past this. */
export const MAX_OTLP_DECOMPRESSED_BYTES = 32 * 1024 * 1024;

/** The two encodings of OTLP/HTTP. */
export type OtlpEncoding = 'protobuf' | 'json';

const root = protobuf.Root.fromJSON(OTLP_TRACE_DESCRIPTOR);
const ExportTraceServiceRequest = root.lookupType(
  'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
);
const ExportTraceServiceResponse = root.lookupType(
  'opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse',
);

/** The encoding a Content-Type names, or a 415 saying which ones are accepted. */
export function encodingOf(contentType: string | undefined): OtlpEncoding {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/x-protobuf') return 'protobuf';
  if (mediaType === 'application/json') return 'json';
  throw new AppError(
    'unsupported_media_type',
    `an OTLP trace export must be sent as application/x-protobuf or application/json, not ${mediaType || 'without a Content-Type'}`,
  );
}

/** The body without its Content-Encoding: gzip is undone within a size bound, identity kept. */
export async function decompressedBody(body: Buffer, contentEncoding: string | undefined): Promise<Buffer> {
  const encoding = contentEncoding?.trim().toLowerCase();
  if (!encoding || encoding === 'identity') return body;
  if (encoding !== 'gzip') {
    throw new AppError(
      'unsupported_media_type',
      `Content-Encoding ${encoding.slice(0, 32)} is not supported: send gzip or no encoding`,
    );
  }
  try {
    return await gunzipAsync(body, { maxOutputLength: MAX_OTLP_DECOMPRESSED_BYTES });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new AppError(
        'payload_too_large',
        `the export expands past ${MAX_OTLP_DECOMPRESSED_BYTES / 1024 / 1024} MiB once decompressed: send smaller batches`,
      );
    }
    throw new AppError('validation_error', 'the body is not valid gzip');
  }
}

const hex = (value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value);

/** The protobuf message as the OTLP JSON shape: ids as hex, 64-bit integers as decimal strings. */
function plainOfProtobuf(body: Buffer): OtlpExportTraceRequest {
  let message: protobuf.Message;
  try {
    message = ExportTraceServiceRequest.decode(body);
  } catch (error) {
    throw new AppError(
      'validation_error',
      `the body is not a protobuf ExportTraceServiceRequest: ${(error as Error).message}`,
    );
  }
  const plain = ExportTraceServiceRequest.toObject(message, { longs: String, enums: Number, arrays: true });
  for (const resourceSpans of plain.resourceSpans ?? []) {
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        span.traceId = hex(span.traceId);
        span.spanId = hex(span.spanId);
        span.parentSpanId = hex(span.parentSpanId);
      }
    }
  }
  // The decoder's plain form has the contract's shape (see decodeTraceExport).
  return plain as OtlpExportTraceRequest;
}

function plainOfJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new AppError('validation_error', 'the body is not valid JSON');
  }
}

/**
 * Decodes an OTLP/HTTP trace export (already decompressed) in either encoding; anything that is not an
 * ExportTraceServiceRequest is a 400 saying why. A JSON body is checked against the contract's shape.
 * A protobuf body has been checked field by field against the published definitions by the decoder,
 * and its plain form always has that shape (strings, whole numbers, decimal 64-bit strings, arrays;
 * `traceCodec.test.ts` holds this for arbitrary exports), so it is not walked a second time: on the
 * ingest path that second walk cost more than the decoding itself. The one value JSON cannot carry,
 * a non-finite double, stays a number, which the usage mapping refuses as a token count.
 */
export function decodeTraceExport(body: Buffer, encoding: OtlpEncoding): OtlpExportTraceRequest {
  if (encoding === 'protobuf') return plainOfProtobuf(body);
  const parsed = otlpExportTraceRequestSchema.safeParse(plainOfJson(body));
  if (!parsed.success) {
    throw new AppError(
      'validation_error',
      `the body is not an OTLP ExportTraceServiceRequest: ${describeZodError(parsed.error, 'body')}`,
    );
  }
  return parsed.data;
}

/** The ExportTraceServiceResponse in the request's encoding; partial success only when spans were refused. */
export function encodeTraceResponse(
  encoding: OtlpEncoding,
  refused: { rejectedSpans: number; errorMessage: string } | undefined,
): Buffer | string {
  const response = refused ? { partialSuccess: refused } : {};
  if (encoding === 'json') return JSON.stringify(response);
  return Buffer.from(
    ExportTraceServiceResponse.encode(ExportTraceServiceResponse.fromObject(response)).finish(),
  );
}
