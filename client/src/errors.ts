/** A call to Spendscope that did not get a usable answer; `code` is the API's error code. */
export class SpendscopeError extends Error {
  readonly code: string;
  /** The HTTP status, when the server answered. */
  readonly status: number | undefined;

  constructor(code: string, message: string, status?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SpendscopeError';
    this.code = code;
    this.status = status;
  }
}
