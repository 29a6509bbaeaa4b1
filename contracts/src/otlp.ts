import { z } from 'zod';

/**
 * The OTLP/HTTP trace export request (`ExportTraceServiceRequest`) in its JSON encoding, as
 * opentelemetry-proto defines it: lowerCamelCase keys, trace and span ids as hex, 64-bit integers as
 * decimal strings or numbers. A protobuf body is decoded into the same shape. Unknown fields are kept
 * and ignored, as the OTLP specification asks of receivers; only what the usage mapping reads is
 * checked.
 */

/** Most spans one export request may carry (the SDKs' batch processors send at most 512 by default). */
export const MAX_OTLP_SPANS = 20_000;

const int64 = z.union([
  z.number().int('a 64-bit integer must be whole'),
  z.string().regex(/^-?\d{1,20}$/, 'a 64-bit integer must be written in decimal digits'),
]);

/** `AnyValue`: one of its fields is set; arrays and key-value lists are kept but not read. */
export const otlpAnyValueSchema = z.looseObject({
  stringValue: z.string().optional(),
  boolValue: z.boolean().optional(),
  intValue: int64.optional(),
  doubleValue: z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]).optional(),
  arrayValue: z.unknown().optional(),
  kvlistValue: z.unknown().optional(),
  bytesValue: z.unknown().optional(),
});
export type OtlpAnyValue = z.infer<typeof otlpAnyValueSchema>;

export const otlpKeyValueSchema = z.looseObject({
  key: z.string(),
  value: otlpAnyValueSchema.optional(),
});
export type OtlpKeyValue = z.infer<typeof otlpKeyValueSchema>;

const attributes = z.array(otlpKeyValueSchema).optional();

/** Status codes of a span: 0 unset, 1 ok, 2 error. */
export const OTLP_STATUS_ERROR = 2;

export const otlpSpanSchema = z.looseObject({
  traceId: z.string().optional(),
  spanId: z.string().optional(),
  name: z.string().optional(),
  startTimeUnixNano: int64.optional(),
  endTimeUnixNano: int64.optional(),
  attributes,
  status: z
    .looseObject({
      code: z.union([z.number().int(), z.string()]).optional(),
      message: z.string().optional(),
    })
    .optional(),
});
export type OtlpSpan = z.infer<typeof otlpSpanSchema>;

export const otlpExportTraceRequestSchema = z.looseObject({
  resourceSpans: z.array(
    z.looseObject({
      resource: z.looseObject({ attributes }).optional(),
      scopeSpans: z.array(z.looseObject({ spans: z.array(otlpSpanSchema).optional() })).optional(),
    }),
    { error: 'resourceSpans must be an array of ResourceSpans' },
  ),
});
export type OtlpExportTraceRequest = z.infer<typeof otlpExportTraceRequestSchema>;

/** `ExportTraceServiceResponse`: `partialSuccess` names how many spans were refused and why. */
export const otlpExportTraceResponseSchema = z.object({
  partialSuccess: z
    .object({
      rejectedSpans: z.union([z.number(), z.string()]).optional(),
      errorMessage: z.string().optional(),
    })
    .optional(),
});
export type OtlpExportTraceResponse = z.infer<typeof otlpExportTraceResponseSchema>;
