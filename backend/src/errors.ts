import { describeIssue, ERROR_STATUS, type ErrorBody, type ErrorCode } from '@spendscope/contracts';
import type { z } from 'zod';

/** An error the API reports as `{ error: { code, message } }` with the code's status. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.code = code;
    this.headers = headers;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} was not found`);
export const forbidden = (message = 'you may not see this') => new AppError('forbidden', message);
export const unauthorized = (message: string) => new AppError('unauthorized', message);

/** One readable sentence from a zod error: each problem with the path it is at. */
export function describeZodError(error: z.ZodError, where?: string): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => describeIssue(issue, where))
    .join('; ');
}

/** Parses `value` with `schema` or throws a 400 naming what was wrong and where. */
export function parseOr400<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError('validation_error', describeZodError(result.error, where));
  return result.data;
}
