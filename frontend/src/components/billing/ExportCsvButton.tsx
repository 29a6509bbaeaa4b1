import { useState } from 'react';
import { useFeatureFlag } from '../../hooks/useFeatureFlag.ts';
import { describeError } from '../../lib/errors.ts';
import { getUsageExport, usageExportFileName } from '../../services/billing/usageExport.ts';
import { FEATURE_FLAGS } from '../../services/session/featureFlags.ts';

/** Saves a Blob under a file name through a temporary link. */
function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke on the next tick: some browsers start the download asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Downloads every call of the period as CSV. Shown only when the `csv_export` flag is on. */
export function ExportCsvButton({ userId, period }: { userId: string; period?: string | undefined }) {
  const isEnabled = useFeatureFlag(FEATURE_FLAGS.csvExport);
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  if (!isEnabled) return null;

  const download = async () => {
    setState({ busy: true, error: null });
    try {
      saveBlob(await getUsageExport(userId, period), usageExportFileName(userId, period));
      setState({ busy: false, error: null });
    } catch (error) {
      const { title, message } = describeError(error);
      setState({ busy: false, error: `${title}: ${message}` });
    }
  };

  return (
    <span className="inline-flex flex-col items-start gap-1">
      <button
        type="button"
        onClick={download}
        disabled={state.busy}
        data-testid="export-csv"
        className="inline-flex items-center justify-center rounded-lg bg-white px-4 py-2 text-sm font-semibold text-gray-800 ring-1 ring-gray-300 hover:bg-gray-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-primary-600 disabled:opacity-60"
      >
        {state.busy ? 'Preparing CSV…' : 'Export CSV'}
      </button>
      {state.error ? (
        <span role="alert" className="text-xs text-danger-700">
          {state.error}
        </span>
      ) : null}
    </span>
  );
}
