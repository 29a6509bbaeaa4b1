import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '@spendscope/contracts';
import type { FastifyInstance } from 'fastify';
import { securityHeaders } from './headers.ts';

type ParserError = Error & { code?: string; reason?: string };

/** What a request the HTTP parser refused is told: code and message, as every other error. */
export function clientErrorBody(error: ParserError): ErrorBody {
  const body = (code: ErrorCode, message: string): ErrorBody => ({ error: { code, message } });
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return body(
        'headers_too_large',
        `the request line and headers are larger than ${maxHeaderSize / 1024} KB: send a shorter URL and fewer or shorter headers`,
      );
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return body('request_timeout', 'the request did not arrive in time: send it again, whole');
    default: {
      const reason = typeof error.reason === 'string' && error.reason !== '' ? ` (${error.reason})` : '';
      return body('validation_error', `the request is not valid HTTP/1.1${reason}: it was not read`);
    }
  }
}

/** The raw HTTP reply to a parser error: the API's error shape, the security headers, then close. */
export function clientErrorReply(error: ParserError, headers: Record<string, string>): string {
  const reply = clientErrorBody(error);
  const status = ERROR_STATUS[reply.error.code as ErrorCode];
  const body = JSON.stringify(reply);
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/**
 * Fastify's `clientErrorHandler`: a request Node's HTTP parser refused (malformed, headers over
 * Node's limit, too slow) never reaches Fastify, so it is answered here, on the socket, in the API's
 * error shape with the security headers — instead of Node's own JSON without them.
 */
export function createClientErrorHandler() {
  const headers = securityHeaders();
  return function clientErrorHandler(this: FastifyInstance, error: ParserError, socket: Socket): void {
    // A reset connection is already gone; there is no one to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    this.log.debug({ code: error.code }, 'HTTP parser refused a request');
    if (socket.writable) socket.write(clientErrorReply(error, headers));
    socket.destroy();
  };
}
