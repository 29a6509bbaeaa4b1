import { MAX_API_KEY_NAME_LENGTH } from '@spendscope/contracts';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useCreateApiKey } from '../../services/admin/keys.ts';
import { buttonStyles, inputStyles } from './AdminOnly.tsx';

/** Names a new ingestion key and creates it; the secret then shows once, with a copy button. */
export function NewKeyForm() {
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const errorId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') return setProblem('Give the key a name, e.g. the app or environment that uses it.');
    setProblem(undefined);
    create.mutate(trimmed, { onSuccess: () => setName('') });
  };
  const shownProblem = problem ?? (create.isError ? create.error.message : undefined);

  return (
    <div>
      <form onSubmit={submit} noValidate className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <label className="flex flex-col gap-1 text-sm text-gray-700 sm:w-80">
          Key name
          <input
            value={name}
            onChange={(event) => setName(event.target.value)}
            maxLength={MAX_API_KEY_NAME_LENGTH}
            placeholder="e.g. Production app"
            aria-invalid={shownProblem ? true : undefined}
            aria-describedby={shownProblem ? errorId : undefined}
            className={inputStyles}
          />
        </label>
        <button type="submit" disabled={create.isPending} className={buttonStyles.primary}>
          {create.isPending ? 'Creating…' : 'Create key'}
        </button>
      </form>
      {shownProblem ? (
        <p id={errorId} role="alert" className="mt-2 text-sm text-danger-700">
          {shownProblem}
        </p>
      ) : null}
      {create.data ? (
        <NewKeySecret name={create.data.key.name} secret={create.data.secret} onDone={() => create.reset()} />
      ) : null}
    </div>
  );
}

/** The new key's secret, this once: copy it now, it cannot be shown again. */
function NewKeySecret({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  useEffect(() => headingRef.current?.focus(), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopyState('copied');
    } catch {
      setCopyState('failed');
    }
  };

  return (
    <section
      aria-labelledby={headingId}
      data-testid="new-key-secret"
      className="mt-4 rounded-lg border border-warning-100 bg-warning-50 p-4"
    >
      <h3 id={headingId} ref={headingRef} tabIndex={-1} className="text-sm font-semibold text-warning-900">
        Copy the key “{name}” now
      </h3>
      <p className="mt-1 text-sm text-warning-900">
        This is the only time it is shown: only a hash of it is stored. If it is lost, create a new key and
        revoke this one.
      </p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-center">
        <code
          data-testid="new-key-value"
          className="min-w-0 break-all rounded-md bg-white px-3 py-1.5 font-mono text-sm text-gray-900 ring-1 ring-gray-300"
        >
          {secret}
        </code>
        <div className="flex gap-2">
          <button type="button" onClick={() => void copy()} className={buttonStyles.secondary}>
            Copy key
          </button>
          <button type="button" onClick={onDone} className={buttonStyles.secondary}>
            Done
          </button>
        </div>
      </div>
      <p aria-live="polite" className="mt-2 text-sm text-warning-900">
        {copyState === 'copied' ? 'Copied to the clipboard.' : null}
        {copyState === 'failed' ? 'Could not copy: select the key and copy it by hand.' : null}
      </p>
    </section>
  );
}
