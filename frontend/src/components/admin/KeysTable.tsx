import { type ApiKey, MAX_API_KEY_NAME_LENGTH } from '@spendscope/contracts';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { formatDateTime } from '../../lib/format.ts';
import { useRenameApiKey, useRevokeApiKey } from '../../services/admin/keys.ts';
import { Badge } from '../ui/Badge.tsx';
import { ScrollArea } from '../ui/ScrollArea.tsx';
import { TableHead } from '../ui/TableHead.tsx';
import { buttonStyles, inputStyles } from './AdminOnly.tsx';

const td = 'whitespace-nowrap px-3 py-2 align-top';

/** Every ingestion key: name, prefix, created, last used, status, and rename / revoke. */
export function KeysTable({ keys }: { keys: ApiKey[] }) {
  return (
    <ScrollArea label="Ingestion keys">
      <table className="w-full text-sm" data-testid="keys-table">
        <TableHead columns={['Name', 'Key', 'Created', 'Last used', 'Status', 'Actions']} />
        <tbody className="divide-y divide-gray-100">
          {keys.map((key) => (
            <KeyRow key={key.id} apiKey={key} />
          ))}
        </tbody>
      </table>
    </ScrollArea>
  );
}

type Mode = 'view' | 'rename' | 'confirmRevoke';

function KeyRow({ apiKey }: { apiKey: ApiKey }) {
  const [mode, setMode] = useState<Mode>('view');
  const rename = useRenameApiKey();
  const revoke = useRevokeApiKey();
  const actionRef = useRef<HTMLButtonElement>(null);
  const isRevoked = apiKey.revoked_at !== undefined;
  const error = rename.error ?? revoke.error;

  const backToView = () => {
    setMode('view');
    // Focus returns to the row's first action, not to the top of the page.
    requestAnimationFrame(() => actionRef.current?.focus());
  };

  return (
    <tr data-testid={`key-row-${apiKey.id}`} className={isRevoked ? 'text-gray-500' : undefined}>
      <th scope="row" className="px-3 py-2 text-left align-top font-medium text-gray-900">
        {mode === 'rename' ? (
          <RenameForm
            apiKey={apiKey}
            isSaving={rename.isPending}
            onCancel={backToView}
            onSave={(name) => rename.mutate({ keyId: apiKey.id, name }, { onSuccess: backToView })}
          />
        ) : (
          apiKey.name
        )}
        {error ? (
          <p role="alert" className="mt-1 whitespace-normal text-xs font-normal text-danger-700">
            {error.message}
          </p>
        ) : null}
      </th>
      <td className={`${td} font-mono text-xs`}>{apiKey.prefix}…</td>
      <td className={td}>{formatDateTime(apiKey.created_at)}</td>
      <td className={td}>{apiKey.last_used_at ? formatDateTime(apiKey.last_used_at) : 'Never'}</td>
      <td className={td}>
        {isRevoked ? (
          <Badge className="bg-gray-100 text-gray-700 ring-gray-200">Revoked</Badge>
        ) : (
          <Badge className="bg-success-50 text-success-700 ring-success-100">Active</Badge>
        )}
      </td>
      <td className={td}>
        {mode === 'confirmRevoke' ? (
          <ConfirmRevoke
            name={apiKey.name}
            isRevoking={revoke.isPending}
            onCancel={backToView}
            onConfirm={() => revoke.mutate(apiKey.id, { onSuccess: () => setMode('view') })}
          />
        ) : mode === 'view' ? (
          <div className="flex gap-2">
            <button
              ref={actionRef}
              type="button"
              className={buttonStyles.secondary}
              aria-label={`Rename ${apiKey.name}`}
              onClick={() => setMode('rename')}
            >
              Rename
            </button>
            {isRevoked ? null : (
              <button
                type="button"
                className={buttonStyles.dangerOutline}
                aria-label={`Revoke ${apiKey.name}`}
                onClick={() => setMode('confirmRevoke')}
              >
                Revoke
              </button>
            )}
          </div>
        ) : null}
      </td>
    </tr>
  );
}

function RenameForm(props: {
  apiKey: ApiKey;
  isSaving: boolean;
  onSave: (name: string) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(props.apiKey.name);
  const [problem, setProblem] = useState<string | undefined>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') return setProblem('A key needs a name.');
    setProblem(undefined);
    props.onSave(name.trim());
  };
  return (
    <form onSubmit={submit} noValidate className="flex flex-wrap items-center gap-2 font-normal">
      <label className="sr-only" htmlFor={`rename-${props.apiKey.id}`}>
        New name for {props.apiKey.name}
      </label>
      <input
        id={`rename-${props.apiKey.id}`}
        // biome-ignore lint/a11y/noAutofocus: the field the user just asked to edit
        autoFocus
        value={name}
        maxLength={MAX_API_KEY_NAME_LENGTH}
        onChange={(event) => setName(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') props.onCancel();
        }}
        aria-invalid={problem ? true : undefined}
        className={`${inputStyles} w-48`}
      />
      <button type="submit" disabled={props.isSaving} className={buttonStyles.primary}>
        Save
      </button>
      <button type="button" onClick={props.onCancel} className={buttonStyles.secondary}>
        Cancel
      </button>
      {problem ? (
        <p role="alert" className="w-full text-xs text-danger-700">
          {problem}
        </p>
      ) : null}
    </form>
  );
}

function ConfirmRevoke(props: {
  name: string;
  isRevoking: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  return (
    // biome-ignore lint/a11y/useSemanticElements: an inline confirmation, not a fieldset of inputs
    <div role="group" aria-label={`Confirm revoking ${props.name}`} className="flex flex-col gap-2">
      <p className="whitespace-normal text-sm text-gray-800">
        Revoke “{props.name}”? Reports signed with it are refused from the next one on. This cannot be undone.
      </p>
      <div className="flex gap-2">
        <button
          ref={confirmRef}
          type="button"
          disabled={props.isRevoking}
          onClick={props.onConfirm}
          className={buttonStyles.danger}
        >
          Yes, revoke
        </button>
        <button type="button" onClick={props.onCancel} className={buttonStyles.secondary}>
          Cancel
        </button>
      </div>
    </div>
  );
}
