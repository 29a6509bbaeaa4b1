import { ROUTES } from '@spendscope/contracts';
import type { FastifyInstance } from 'fastify';
import { authenticateBeforeBody } from '../auth/beforeBody.ts';
import type { AppContext } from '../context.ts';
import { encodeTraceResponse } from '../otlp/traceCodec.ts';
import { readTraceExport } from '../otlp/traceExport.ts';
import { reportEvents } from './reportEvents.ts';

const MEDIA_TYPE = { protobuf: 'application/x-protobuf', json: 'application/json' } as const;

/**
 * OTLP/HTTP trace ingestion (`POST /v1/traces`): an exporter's GenAI spans become usage events on the
 * one ingest path. The body is read raw here (protobuf or JSON, gzip or not) and decoded by the OTLP
 * reader, so this route has its own body parser, scoped to it.
 */
export async function registerOtlpRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (otlp) => {
    otlp.removeAllContentTypeParsers();
    otlp.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    // The key is checked before the body is read, as on every route that takes one.
    const keyFirst = { onRequest: authenticateBeforeBody(ctx.guard.apiKey) };
    otlp.post(ROUTES.otlpTraces, keyFirst, async (request, reply) => {
      await ctx.guard.apiKey(request);
      const { encoding, usage } = await readTraceExport({
        body: request.body,
        contentType: request.headers['content-type'],
        contentEncoding: request.headers['content-encoding'],
        defaultUserId: ctx.config.OTLP_DEFAULT_USER,
      });
      const result = await reportEvents(ctx, usage.events);
      const rejectedSpans = usage.refused + result.rejected.length;
      ctx.metrics.recordOtlpSpans({
        metered: usage.events.length - result.rejected.length,
        ignored: usage.ignored,
        refused: rejectedSpans,
      });
      const reasons = [...usage.refusalReasons, ...result.rejected.map((r) => r.error.message)];
      return reply
        .type(MEDIA_TYPE[encoding])
        .send(
          encodeTraceResponse(
            encoding,
            rejectedSpans > 0 ? { rejectedSpans, errorMessage: [...new Set(reasons)].join('; ') } : undefined,
          ),
        );
    });
  });
}
