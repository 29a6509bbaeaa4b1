import { isApiError } from '../services/apiClient.ts';

export type ErrorDescription = { title: string; message: string; canRetry: boolean };

/** What to tell a person about a failed request, and whether trying again can help. */
export function describeError(error: unknown): ErrorDescription {
  if (!isApiError(error)) {
    return { title: 'Something went wrong', message: String(error), canRetry: true };
  }
  switch (error.code) {
    case 'unauthorized':
      return {
        title: 'Your sign-in has expired',
        message: 'Open a fresh dashboard link to sign in again.',
        canRetry: false,
      };
    case 'forbidden':
      return { title: 'Not available to you', message: error.message, canRetry: false };
    case 'not_found':
      return { title: 'Not found', message: error.message, canRetry: false };
    case 'invalid_response':
      return { title: 'Unexpected reply from the server', message: error.message, canRetry: true };
    case 'network_error':
      return { title: 'Cannot reach the server', message: error.message, canRetry: true };
    case 'rate_limited':
      return {
        title: 'Too many requests',
        message: `${error.message} Wait a moment, then retry.`,
        canRetry: true,
      };
    default:
      return {
        title: 'The request failed',
        message: error.message,
        canRetry: error.status === 0 || error.status >= 500,
      };
  }
}

/** The spec's `error: string | null`, from a query error. */
export function errorText(error: unknown): string | null {
  if (error === null || error === undefined) return null;
  const { title, message } = describeError(error);
  return `${title}: ${message}`;
}
