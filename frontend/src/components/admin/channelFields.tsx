import { type AlertSeverity, alertTypeSchema, type ChannelKind } from '@spendscope/contracts';
import { type ReactNode, useId } from 'react';
import { inputStyles } from './AdminOnly.tsx';

export const KIND_LABELS: Record<ChannelKind, string> = {
  webhook: 'Webhook',
  slack: 'Slack',
  email: 'Email',
};

export const SEVERITY_LABELS: Record<AlertSeverity, string> = {
  info: 'Info and above (80 %)',
  warning: 'Warnings and above (90 %)',
  error: 'Errors only (100 %)',
};

export type AlertType = (typeof alertTypeSchema.options)[number];

export const ALERT_TYPE_LABELS: Record<AlertType, string> = {
  usage_threshold: 'Usage thresholds',
  limit_reached: 'Limits reached',
  unpriced_usage: 'Unpriced usage',
  projected_limit: 'Projected to exceed a limit',
  anomaly: 'Anomalies',
};

/** A select over the keys of `labels`, each shown by its label (a channel's kind, its least severity). */
export function LabelsSelect<K extends string>(props: {
  id: string;
  labels: Record<K, string>;
  value: K;
  onChange: (value: K) => void;
}) {
  return (
    <select
      id={props.id}
      value={props.value}
      onChange={(event) => props.onChange(event.target.value as K)}
      className={inputStyles}
    >
      {(Object.keys(props.labels) as K[]).map((key) => (
        <option key={key} value={key}>
          {props.labels[key]}
        </option>
      ))}
    </select>
  );
}

/** The alert types a channel receives, as checkboxes; none ticked means all. */
function KindsFieldset(props: { value: AlertType[]; onChange: (v: AlertType[]) => void }) {
  return (
    <fieldset className="flex flex-col gap-1 text-sm text-gray-700">
      <legend className="mb-1">Alert types (none ticked: all)</legend>
      {alertTypeSchema.options.map((type) => (
        <label key={type} className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={props.value.includes(type)}
            onChange={(event) =>
              props.onChange(
                event.target.checked ? [...props.value, type] : props.value.filter((t) => t !== type),
              )
            }
            className="size-4 focus-visible:outline-2 focus-visible:outline-primary-500"
          />
          {ALERT_TYPE_LABELS[type]}
        </label>
      ))}
    </fieldset>
  );
}

/** What both channel forms edit; `target` is the URL, or the address of an email channel. */
export type ChannelFieldValues = {
  name: string;
  target: string;
  minSeverity: AlertSeverity;
  kinds: AlertType[];
};

/** How a form asks for the target: a new channel's is required and wide, an edit's optional. */
export type TargetFieldOptions = {
  label: string;
  placeholder: string;
  type?: 'email' | 'url';
  isWide?: boolean;
};

/** A control with its label above it, one cell of a channel form's grid. */
export function LabelledField(props: { id: string; label: string; isWide?: boolean; children: ReactNode }) {
  return (
    <div className={`flex flex-col gap-1 text-sm text-gray-700${props.isWide ? ' sm:col-span-2' : ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
    </div>
  );
}

/** The fields a channel is made of, as cells of the form's two-column grid: name, target, severity, types. */
export function ChannelFields(props: {
  values: ChannelFieldValues;
  onChange: (values: ChannelFieldValues) => void;
  target: TargetFieldOptions;
}) {
  const { values, onChange, target } = props;
  const id = useId();
  const change = (changes: Partial<ChannelFieldValues>) => onChange({ ...values, ...changes });
  return (
    <>
      <LabelledField id={`${id}-name`} label="Channel name">
        <input
          id={`${id}-name`}
          value={values.name}
          onChange={(event) => change({ name: event.target.value })}
          className={inputStyles}
        />
      </LabelledField>
      <LabelledField id={`${id}-target`} label={target.label} isWide={target.isWide ?? false}>
        <input
          id={`${id}-target`}
          type={target.type}
          value={values.target}
          onChange={(event) => change({ target: event.target.value })}
          placeholder={target.placeholder}
          className={inputStyles}
        />
      </LabelledField>
      <LabelledField id={`${id}-severity`} label="Least severity">
        <LabelsSelect
          id={`${id}-severity`}
          labels={SEVERITY_LABELS}
          value={values.minSeverity}
          onChange={(minSeverity) => change({ minSeverity })}
        />
      </LabelledField>
      <KindsFieldset value={values.kinds} onChange={(kinds) => change({ kinds })} />
    </>
  );
}
