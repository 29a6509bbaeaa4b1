import {
  type AlertSeverity,
  type ChannelKind,
  type CreateChannelRequest,
  createChannelRequestSchema,
} from '@spendscope/contracts';
import { type FormEvent, useId, useState } from 'react';
import { useCreateChannel } from '../../services/admin/channels.ts';
import { buttonStyles, inputStyles } from './AdminOnly.tsx';
import { type AlertType, KIND_LABELS, KindsFieldset, SeveritySelect } from './channelFields.tsx';

/** Adds a webhook, Slack or email channel; a webhook's signing secret then shows once. */
export function NewChannelForm() {
  const create = useCreateChannel();
  const [kind, setKind] = useState<ChannelKind>('webhook');
  const [name, setName] = useState('');
  const [target, setTarget] = useState('');
  const [minSeverity, setMinSeverity] = useState<AlertSeverity>('info');
  const [kinds, setKinds] = useState<AlertType[]>([]);
  const [problem, setProblem] = useState<string | undefined>();
  const id = useId();
  const targetLabel =
    kind === 'email' ? 'Email address' : kind === 'slack' ? 'Slack webhook URL' : 'Webhook URL';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const common = { name, min_severity: minSeverity, kinds };
    const candidate = kind === 'email' ? { kind, to: target, ...common } : { kind, url: target, ...common };
    const parsed = createChannelRequestSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') ?? '';
      setProblem(`${field ? `${field}: ` : ''}${issue?.message ?? 'check the fields'}`);
      return;
    }
    setProblem(undefined);
    const request: CreateChannelRequest = parsed.data;
    create.mutate(request, {
      onSuccess: () => {
        setName('');
        setTarget('');
      },
    });
  };
  const shownProblem = problem ?? (create.isError ? create.error.message : undefined);

  return (
    <div>
      <form onSubmit={submit} noValidate aria-label="Add a channel" className="grid gap-4 sm:grid-cols-2">
        <div className="flex flex-col gap-1 text-sm text-gray-700">
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(event) => setKind(event.target.value as ChannelKind)}
            className={inputStyles}
          >
            {(Object.keys(KIND_LABELS) as ChannelKind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1 text-sm text-gray-700">
          <label htmlFor={`${id}-name`}>Channel name</label>
          <input
            id={`${id}-name`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            className={inputStyles}
          />
        </div>
        <div className="flex flex-col gap-1 text-sm text-gray-700 sm:col-span-2">
          <label htmlFor={`${id}-target`}>{targetLabel}</label>
          <input
            id={`${id}-target`}
            type={kind === 'email' ? 'email' : 'url'}
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            placeholder={kind === 'email' ? 'ops@example.com' : 'https://hooks.example.com/spendscope'}
            className={inputStyles}
          />
        </div>
        <div className="flex flex-col gap-1 text-sm text-gray-700">
          <label htmlFor={`${id}-severity`}>Least severity</label>
          <SeveritySelect id={`${id}-severity`} value={minSeverity} onChange={setMinSeverity} />
        </div>
        <KindsFieldset value={kinds} onChange={setKinds} />
        <div className="sm:col-span-2">
          <button type="submit" disabled={create.isPending} className={buttonStyles.primary}>
            {create.isPending ? 'Adding…' : 'Add channel'}
          </button>
        </div>
      </form>
      {shownProblem ? (
        <p role="alert" className="mt-2 text-sm text-danger-700">
          {shownProblem}
        </p>
      ) : null}
      {create.data?.secret ? (
        <section
          aria-label="New webhook secret"
          data-testid="new-channel-secret"
          className="mt-4 rounded-lg border border-warning-100 bg-warning-50 p-4 text-sm text-warning-900"
        >
          <p className="font-semibold">Signing secret for “{create.data.channel.name}”: copy it now</p>
          <p className="mt-1">
            Your receiver verifies each delivery's signature with it (Standard Webhooks). It is not shown
            again.
          </p>
          <code className="mt-2 block break-all rounded-md bg-white px-3 py-1.5 font-mono text-gray-900 ring-1 ring-gray-300">
            {create.data.secret}
          </code>
          <button type="button" onClick={() => create.reset()} className={`${buttonStyles.secondary} mt-2`}>
            Done
          </button>
        </section>
      ) : null}
    </div>
  );
}
