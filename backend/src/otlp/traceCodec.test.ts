import { otlpExportTraceRequestSchema } from '@spendscope/contracts';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { OTLP_TRACE_DESCRIPTOR } from './otlpDescriptor.ts';
import { decodeTraceExport } from './traceCodec.ts';

const ExportTraceServiceRequest = protobuf.Root.fromJSON(OTLP_TRACE_DESCRIPTOR).lookupType(
  'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
);

const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String);
const uint64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String);
const anyValue = fc.oneof(
  fc.record({ stringValue: fc.string() }),
  fc.record({ boolValue: fc.boolean() }),
  fc.record({ intValue: int64 }),
  fc.record({ doubleValue: fc.double({ noNaN: true, noDefaultInfinity: true }) }),
  fc.record({ bytesValue: fc.uint8Array({ maxLength: 8 }) }),
  fc.record({
    arrayValue: fc.record({ values: fc.array(fc.record({ stringValue: fc.string() }), { maxLength: 2 }) }),
  }),
);
const attributes = fc.array(fc.record({ key: fc.string(), value: anyValue }), { maxLength: 6 });
const span = fc.record(
  {
    traceId: fc.uint8Array({ minLength: 16, maxLength: 16 }),
    spanId: fc.uint8Array({ minLength: 8, maxLength: 8 }),
    parentSpanId: fc.uint8Array({ maxLength: 8 }),
    name: fc.string(),
    kind: fc.integer({ min: 0, max: 5 }),
    startTimeUnixNano: uint64,
    endTimeUnixNano: uint64,
    attributes,
    status: fc.record({ code: fc.integer({ min: 0, max: 2 }), message: fc.string() }, { requiredKeys: [] }),
  },
  { requiredKeys: ['traceId', 'spanId'] },
);
const exportRequest = fc.record({
  resourceSpans: fc.array(
    fc.record(
      {
        resource: fc.record({ attributes }, { requiredKeys: [] }),
        scopeSpans: fc.array(fc.record({ spans: fc.array(span, { maxLength: 4 }) }, { requiredKeys: [] }), {
          maxLength: 3,
        }),
      },
      { requiredKeys: [] },
    ),
    { maxLength: 3 },
  ),
});

describe('decodeTraceExport (protobuf)', () => {
  it('gives every decodable export the contract shape the JSON encoding is checked against', () => {
    fc.assert(
      fc.property(exportRequest, (request) => {
        const body = Buffer.from(
          ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(request)).finish(),
        );
        const decoded = decodeTraceExport(body, 'protobuf');
        const parsed = otlpExportTraceRequestSchema.safeParse(decoded);
        expect(parsed.success, parsed.error?.message).toBe(true);
        for (const resourceSpans of decoded.resourceSpans) {
          for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
            for (const s of scopeSpans.spans ?? []) {
              expect(s.traceId).toMatch(/^[0-9a-f]{32}$/);
              expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses bytes that are no ExportTraceServiceRequest', () => {
    expect(() => decodeTraceExport(Buffer.from([0x0a, 0xff, 0xff, 0xff]), 'protobuf')).toThrow(
      /not a protobuf ExportTraceServiceRequest/,
    );
  });
});
