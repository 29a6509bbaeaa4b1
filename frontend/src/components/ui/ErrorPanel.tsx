import { describeError } from '../../lib/errors.ts';

type ErrorPanelProps = {
  error: unknown;
  onRetry?: () => void;
  /** What failed to load, e.g. "usage". */
  what?: string;
};

/** The one error panel every view uses: what went wrong, and a retry when retrying can help. */
export function ErrorPanel({ error, onRetry, what }: ErrorPanelProps) {
  const { title, message, canRetry } = describeError(error);
  return (
    <div role="alert" className="rounded-lg border border-danger-100 bg-danger-50 p-4 text-danger-900">
      <p className="font-semibold">
        {title}
        {what ? <span className="font-normal"> — could not load {what}</span> : null}
      </p>
      <p className="mt-1 break-words text-sm">{message}</p>
      {onRetry && canRetry ? (
        <button
          type="button"
          onClick={onRetry}
          className="mt-3 rounded-md bg-white px-3 py-1.5 text-sm font-medium text-danger-700 ring-1 ring-danger-100 hover:bg-danger-100 focus-visible:outline-2 focus-visible:outline-danger-700"
        >
          Try again
        </button>
      ) : null}
    </div>
  );
}
