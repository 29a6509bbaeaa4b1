import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '@spendscope/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { securityHeaders } from './headers.ts';

export type ApiError = { status: number; body: ErrorBody };

const apiError = (code: ErrorCode, message: string): ApiError => ({
  status: ERROR_STATUS[code],
  body: { error: { code, message } },
});

const GENERIC_5XX = 'something went wrong on our side; the request was not applied';

/**
 * Turns an error Fastify raised (not one of ours) into the API's error shape, with a message that says
 * what was wrong and what is allowed. The status always matches the code; nothing internal leaks.
 */
export function apiErrorOf(error: FastifyError, options: { bodyLimitBytes: number }): ApiError {
  const status = error.statusCode ?? 500;
  if (status >= 500) return apiError('internal_error', GENERIC_5XX);
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return apiError(
        'payload_too_large',
        `the request body is larger than ${options.bodyLimitBytes / 1024 / 1024} MB: send fewer events per report`,
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return apiError(
        'unsupported_media_type',
        'the body must be JSON: send it with Content-Type: application/json',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return apiError('validation_error', 'the body is empty: send a JSON object, or no Content-Type');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return apiError(
        'validation_error',
        'the body is not valid JSON, or it holds a __proto__ or constructor.prototype key, which is refused',
      );
  }
  if (status === 413) return apiError('payload_too_large', error.message);
  if (status === 429) return apiError('rate_limited', error.message);
  if (status === 404) return apiError('not_found', error.message);
  if (error instanceof SyntaxError)
    return apiError('validation_error', `the body is not valid JSON: ${error.message}`);
  return apiError('validation_error', error.message);
}

/**
 * Fastify's `frameworkErrors`: a path it cannot even route (a broken %-escape, invalid UTF-8, a segment
 * past the length limit) answered in the API's shape, without echoing the path back.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? apiError('validation_error', 'a path segment is too long: ids are at most 128 characters')
      : error.code === 'FST_ERR_BAD_URL'
        ? apiError(
            'validation_error',
            'the path is not a valid URL: encode each segment with encodeURIComponent (UTF-8, %XX escapes)',
          )
        : apiError('internal_error', GENERIC_5XX);
  // Before routing no hook has run, so the security headers are set here.
  void reply.status(status).headers(frameworkErrorHeaders()).send(body);
}

let securityHeaderValues: Record<string, string> | undefined;
function frameworkErrorHeaders(): Record<string, string> {
  securityHeaderValues ??= securityHeaders();
  return securityHeaderValues;
}
