import { geminiParamsSchema, ROUTES } from '@spendscope/contracts';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { authenticateBeforeBody } from '../auth/beforeBody.ts';
import { gatewayTimeoutMs } from '../config.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { anthropicFormat } from '../gateway/anthropic.ts';
import { geminiFormat } from '../gateway/gemini.ts';
import { openaiFormat } from '../gateway/openai.ts';
import { type GatewayDeps, GatewayRefusal, relayCall } from '../gateway/proxy.ts';
import type { GatewayErrorStatus, ProviderFormat } from '../gateway/types.ts';
import { createUpstreamAgent } from '../gateway/upstream.ts';
import { apiErrorOf } from '../security/apiErrors.ts';
import { reportEvents } from './reportEvents.ts';

const STATUSES = new Set<number>([400, 401, 403, 404, 413, 415, 429, 500, 502, 503, 504]);

/** The provider path after `/gateway/<provider>`, query string dropped. */
function providerPath(request: FastifyRequest, prefix: string): string {
  const path = request.url.slice(prefix.length);
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
}

/** The path and query after `/gateway/<provider>`, as the upstream gets them. */
function forwardedPath(request: FastifyRequest, prefix: string): string {
  return request.url.slice(prefix.length);
}

/**
 * The metering gateway (docs/gateway.md): each provider's own API under `/gateway/<provider>/…`,
 * forwarded to its upstream and reported to the one ingest path. Bodies are read raw (the bytes are
 * forwarded as sent) and every reply, refusals included, is in the provider's own format.
 */
export async function registerGatewayRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { config } = ctx;
  const agent = createUpstreamAgent();
  const pending = new Set<Promise<unknown>>();
  const deps: GatewayDeps = {
    clock: ctx.clock,
    limits: (now) => ({ prices: ctx.prices, reservations: ctx.reservations, now }),
    agent,
    timeoutMs: gatewayTimeoutMs(config),
    defaultMaxOutputTokens: config.GATEWAY_DEFAULT_MAX_OUTPUT_TOKENS,
    report: (events) => reportEvents(ctx, events),
    track(work) {
      pending.add(work);
      void work.finally(() => pending.delete(work));
    },
    log: (error, message) => app.log.error({ err: error }, message),
  };

  await app.register(async (gateway) => {
    gateway.removeAllContentTypeParsers();
    gateway.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: config.GATEWAY_BODY_LIMIT_BYTES },
      (_r, body, done) => done(null, body),
    );
    gateway.addHook('onClose', async () => {
      // Calls already answered are still being reported: let them reach the ingest path.
      await Promise.allSettled([...pending]);
      await agent.close();
    });

    const route = (url: string, format: ProviderFormat, upstream: string, prefix: string) => {
      gateway.post(
        url,
        {
          bodyLimit: config.GATEWAY_BODY_LIMIT_BYTES,
          onRequest: authenticateBeforeBody(ctx.guard.gatewayKey),
          errorHandler: (error: FastifyError | AppError | GatewayRefusal, request, reply) => {
            const { status, message, headers, code } = refusalOf(error);
            if (status >= 500 && !(error instanceof GatewayRefusal))
              request.log.error({ err: error }, 'gateway call failed');
            return reply
              .status(status)
              .headers(headers)
              .send(format.errorBody(status, message, code));
          },
        },
        async (request, reply) => {
          await ctx.guard.gatewayKey(request);
          const params =
            format.provider === 'gemini' ? geminiParamsSchema.safeParse(request.params) : undefined;
          if (params && !params.success)
            throw new GatewayRefusal(404, params.error.issues[0]?.message ?? 'no such method');
          const model = params?.data.target.split(':')[0];
          return relayCall(
            deps,
            {
              format,
              upstreamUrl: `${upstream}${forwardedPath(request, prefix)}`,
              path: providerPath(request, prefix),
              ...(model ? { model } : {}),
            },
            request,
            reply,
          );
        },
      );
    };
    route(ROUTES.gatewayOpenai, openaiFormat('openai'), config.SPENDSCOPE_UPSTREAM_OPENAI, '/gateway/openai');
    route(
      ROUTES.gatewayMistral,
      openaiFormat('mistral'),
      config.SPENDSCOPE_UPSTREAM_MISTRAL,
      '/gateway/mistral',
    );
    route(
      ROUTES.gatewayAnthropic,
      anthropicFormat,
      config.SPENDSCOPE_UPSTREAM_ANTHROPIC,
      '/gateway/anthropic',
    );
    route(ROUTES.gatewayGemini, geminiFormat, config.SPENDSCOPE_UPSTREAM_GEMINI, '/gateway/gemini');
  });
}

/** Any error of a gateway route as a status, message and headers for the provider's error body. */
function refusalOf(error: FastifyError | AppError | GatewayRefusal): {
  status: GatewayErrorStatus;
  message: string;
  headers: Record<string, string>;
  code?: string;
} {
  if (error instanceof GatewayRefusal) {
    return {
      status: error.status,
      message: error.message,
      headers: error.headers,
      ...(error.code ? { code: error.code } : {}),
    };
  }
  if (error instanceof AppError) {
    return {
      status: statusOf(error.status),
      message: error.message,
      headers: error.headers,
      code: error.code,
    };
  }
  const { status, body } = apiErrorOf(error, { bodyLimitBytes: 0 });
  const message =
    error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
      ? 'the request body is larger than the gateway accepts'
      : body.error.message;
  return { status: statusOf(status), message, headers: {}, code: body.error.code };
}

function statusOf(status: number): GatewayErrorStatus {
  return (STATUSES.has(status) ? status : status >= 500 ? 500 : 400) as GatewayErrorStatus;
}
