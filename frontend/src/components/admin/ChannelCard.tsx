import type { Channel, UpdateChannelRequest } from '@spendscope/contracts';
import { type FormEvent, useId, useState } from 'react';
import { formatDateTime } from '../../lib/format.ts';
import { useDeleteChannel, useSendTestDelivery, useUpdateChannel } from '../../services/admin/channels.ts';
import { Badge } from '../ui/Badge.tsx';
import { buttonStyles } from './AdminOnly.tsx';
import {
  ALERT_TYPE_LABELS,
  ChannelFields,
  type ChannelFieldValues,
  KIND_LABELS,
  SEVERITY_LABELS,
} from './channelFields.tsx';
import { DeliveryLog } from './DeliveryLog.tsx';

/** One channel: what it sends where, and edit / enable / send a test / delivery log / delete. */
export function ChannelCard({ channel }: { channel: Channel }) {
  const [isEditing, setIsEditing] = useState(false);
  const [isLogOpen, setIsLogOpen] = useState(false);
  const [isConfirmingDelete, setIsConfirmingDelete] = useState(false);
  const update = useUpdateChannel();
  const remove = useDeleteChannel();
  const sendTest = useSendTestDelivery(channel.id);
  const logId = useId();
  const error = update.error ?? remove.error ?? sendTest.error;

  return (
    <li className="rounded-lg p-4 ring-1 ring-gray-200" data-testid={`channel-${channel.id}`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 className="font-semibold text-gray-900">{channel.name}</h3>
          <p className="break-all text-sm text-gray-600">
            {KIND_LABELS[channel.kind]} · {channel.target}
          </p>
          <p className="text-xs text-gray-500">
            {SEVERITY_LABELS[channel.min_severity]} ·{' '}
            {channel.kinds.length === 0
              ? 'all alert types'
              : channel.kinds.map((k) => ALERT_TYPE_LABELS[k]).join(', ')}{' '}
            · added {formatDateTime(channel.created_at)}
          </p>
        </div>
        {channel.enabled ? (
          <Badge className="bg-success-50 text-success-700 ring-success-100">Enabled</Badge>
        ) : (
          <Badge className="bg-gray-100 text-gray-700 ring-gray-200">Disabled</Badge>
        )}
      </div>
      {channel.disabled_reason ? (
        <p className="mt-2 text-sm text-warning-900">Disabled by the server: {channel.disabled_reason}</p>
      ) : null}
      <div className="mt-3 flex flex-wrap gap-2">
        <button
          type="button"
          className={buttonStyles.primary}
          disabled={sendTest.isPending}
          onClick={() => sendTest.mutate(undefined, { onSuccess: () => setIsLogOpen(true) })}
        >
          Send test
        </button>
        <button
          type="button"
          className={buttonStyles.secondary}
          aria-expanded={isLogOpen}
          aria-controls={logId}
          onClick={() => setIsLogOpen((open) => !open)}
        >
          {isLogOpen ? 'Hide deliveries' : 'Show deliveries'}
        </button>
        <button
          type="button"
          className={buttonStyles.secondary}
          disabled={update.isPending}
          onClick={() => update.mutate({ channelId: channel.id, changes: { enabled: !channel.enabled } })}
        >
          {channel.enabled ? 'Disable' : 'Enable'}
        </button>
        <button type="button" className={buttonStyles.secondary} onClick={() => setIsEditing((e) => !e)}>
          {isEditing ? 'Close editor' : 'Edit'}
        </button>
        {isConfirmingDelete ? (
          <>
            <button
              type="button"
              className={buttonStyles.danger}
              onClick={() => remove.mutate(channel.id)}
              disabled={remove.isPending}
            >
              Yes, delete “{channel.name}”
            </button>
            <button
              type="button"
              className={buttonStyles.secondary}
              onClick={() => setIsConfirmingDelete(false)}
            >
              Keep it
            </button>
          </>
        ) : (
          <button
            type="button"
            className={buttonStyles.dangerOutline}
            onClick={() => setIsConfirmingDelete(true)}
          >
            Delete
          </button>
        )}
      </div>
      {sendTest.isSuccess ? (
        <p aria-live="polite" className="mt-2 text-sm text-gray-700">
          Test delivery queued.
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="mt-2 text-sm text-danger-700">
          {error.message}
        </p>
      ) : null}
      {isEditing ? (
        <EditChannelForm
          channel={channel}
          isSaving={update.isPending}
          onSave={(changes) =>
            update.mutate({ channelId: channel.id, changes }, { onSuccess: () => setIsEditing(false) })
          }
        />
      ) : null}
      <div id={logId} className="mt-3" hidden={!isLogOpen}>
        {isLogOpen ? <DeliveryLog channelId={channel.id} channelName={channel.name} /> : null}
      </div>
    </li>
  );
}

function EditChannelForm(props: {
  channel: Channel;
  isSaving: boolean;
  onSave: (changes: UpdateChannelRequest) => void;
}) {
  const { channel } = props;
  const [values, setValues] = useState<ChannelFieldValues>({
    name: channel.name,
    target: '',
    minSeverity: channel.min_severity,
    kinds: channel.kinds,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { name, target, minSeverity, kinds } = values;
    const changes: UpdateChannelRequest = { name, min_severity: minSeverity, kinds };
    // The stored target is shown masked, so a new one is sent only when typed.
    if (target.trim() !== '') {
      if (channel.kind === 'email') changes.to = target.trim();
      else changes.url = target.trim();
    }
    props.onSave(changes);
  };
  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={`Edit ${channel.name}`}
      className="mt-4 grid gap-4 sm:grid-cols-2"
    >
      <ChannelFields
        values={values}
        onChange={setValues}
        target={{
          label: channel.kind === 'email' ? 'New email address' : 'New URL',
          placeholder: 'Leave blank to keep the current one',
        }}
      />
      <div className="sm:col-span-2">
        <button type="submit" disabled={props.isSaving} className={buttonStyles.primary}>
          Save channel
        </button>
      </div>
    </form>
  );
}
