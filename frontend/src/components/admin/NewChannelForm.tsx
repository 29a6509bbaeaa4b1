import {
  type ChannelKind,
  type CreateChannelRequest,
  createChannelRequestSchema,
} from '@spendscope/contracts';
import { type FormEvent, useId, useState } from 'react';
import { useCreateChannel } from '../../services/admin/channels.ts';
import { buttonStyles } from './AdminOnly.tsx';
import {
  ChannelFields,
  type ChannelFieldValues,
  KIND_LABELS,
  LabelledField,
  LabelsSelect,
  type TargetFieldOptions,
} from './channelFields.tsx';

const EMPTY_CHANNEL: ChannelFieldValues = { name: '', target: '', minSeverity: 'info', kinds: [] };

const TARGET_LABELS: Record<ChannelKind, string> = {
  webhook: 'Webhook URL',
  slack: 'Slack webhook URL',
  email: 'Email address',
};

/** Adds a webhook, Slack or email channel; a webhook's signing secret then shows once. */
export function NewChannelForm() {
  const create = useCreateChannel();
  const [kind, setKind] = useState<ChannelKind>('webhook');
  const [values, setValues] = useState<ChannelFieldValues>(EMPTY_CHANNEL);
  const [problem, setProblem] = useState<string | undefined>();
  const id = useId();
  const isEmail = kind === 'email';
  const targetField: TargetFieldOptions = {
    label: TARGET_LABELS[kind],
    type: isEmail ? 'email' : 'url',
    placeholder: isEmail ? 'ops@example.com' : 'https://hooks.example.com/spendscope',
    isWide: true,
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { name, target, minSeverity, kinds } = values;
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
      onSuccess: () => setValues((added) => ({ ...added, name: '', target: '' })),
    });
  };
  const shownProblem = problem ?? (create.isError ? create.error.message : undefined);

  return (
    <div>
      <form onSubmit={submit} noValidate aria-label="Add a channel" className="grid gap-4 sm:grid-cols-2">
        <LabelledField id={`${id}-kind`} label="Kind">
          <LabelsSelect id={`${id}-kind`} labels={KIND_LABELS} value={kind} onChange={setKind} />
        </LabelledField>
        <ChannelFields values={values} onChange={setValues} target={targetField} />
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
