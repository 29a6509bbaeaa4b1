import { type AlertSeverity, alertTypeSchema, type ChannelKind } from '@spendscope/contracts';
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

type AlertType = (typeof alertTypeSchema.options)[number];
export const ALERT_TYPE_LABELS: Record<AlertType, string> = {
  usage_threshold: 'Usage thresholds',
  limit_reached: 'Limits reached',
  unpriced_usage: 'Unpriced usage',
  projected_limit: 'Projected to exceed a limit',
  anomaly: 'Anomalies',
};

/** The least severe alert a channel receives, as a labelled select. */
export function SeveritySelect(props: {
  id: string;
  value: AlertSeverity;
  onChange: (v: AlertSeverity) => void;
}) {
  return (
    <select
      id={props.id}
      value={props.value}
      onChange={(event) => props.onChange(event.target.value as AlertSeverity)}
      className={inputStyles}
    >
      {(Object.keys(SEVERITY_LABELS) as AlertSeverity[]).map((severity) => (
        <option key={severity} value={severity}>
          {SEVERITY_LABELS[severity]}
        </option>
      ))}
    </select>
  );
}

/** The alert types a channel receives, as checkboxes; none ticked means all. */
export function KindsFieldset(props: { value: AlertType[]; onChange: (v: AlertType[]) => void }) {
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

export type { AlertType };
