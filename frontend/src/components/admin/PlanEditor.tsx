import type { SubscriptionPlan } from '@spendscope/contracts';
import { type FormEvent, useId, useState } from 'react';
import { formatLimit, limitLabel } from '../../lib/limits.ts';
import {
  PLAN_FIELDS,
  type PlanField,
  type PlanFormValues,
  parsePlanForm,
  planFormValues,
} from '../../lib/planForm.ts';
import { useUpdatePlan } from '../../services/admin/plans.ts';
import { Card } from '../ui/Card.tsx';
import { buttonStyles, inputStyles } from './AdminOnly.tsx';

function fieldLabel(field: PlanField): string {
  if (field === 'price_monthly') return 'Monthly price ($)';
  if (field === 'price_yearly') return 'Yearly price ($)';
  return field === 'monthly_cost' ? 'Monthly spend cap ($)' : limitLabel(field);
}

/** One plan's prices and limits in a form; saving sends what changed, checked as the server checks it. */
export function PlanEditor({ plan }: { plan: SubscriptionPlan }) {
  const update = useUpdatePlan();
  const [values, setValues] = useState<PlanFormValues>(() => planFormValues(plan));
  const [errors, setErrors] = useState<Partial<Record<PlanField, string>>>({});
  const [note, setNote] = useState<string | undefined>();
  const formId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parsePlanForm(plan, values);
    setErrors(parsed.errors);
    if (Object.keys(parsed.errors).length > 0) {
      setNote('Some values need fixing before the plan can be saved.');
      return;
    }
    if (Object.keys(parsed.changes).length === 0) {
      setNote('Nothing changed.');
      return;
    }
    setNote(undefined);
    update.mutate(
      { planId: plan.id, changes: parsed.changes },
      {
        onSuccess: (saved) => {
          setValues(planFormValues(saved));
          setNote(`Saved. Users on ${saved.name} see the new terms now.`);
        },
      },
    );
  };

  return (
    <Card title={plan.name}>
      <form
        onSubmit={submit}
        noValidate
        aria-label={`Edit plan ${plan.name}`}
        data-testid={`plan-form-${plan.id}`}
      >
        <p className="mb-4 text-sm text-gray-600">
          Limits: -1 for unlimited, 0 for not included, else the monthly cap. Changes apply from the next
          request.
        </p>
        <div className="grid grid-cols-2 gap-x-3 gap-y-4 lg:grid-cols-4">
          {PLAN_FIELDS.map((field) => {
            const id = `${formId}-${field}`;
            const error = errors[field];
            const current = field.startsWith('price_')
              ? undefined
              : formatLimit(field as never, Number(values[field]));
            return (
              <div key={field} className="flex flex-col gap-1">
                <label htmlFor={id} className="text-sm text-gray-700">
                  {fieldLabel(field)}
                </label>
                <input
                  id={id}
                  inputMode="decimal"
                  value={values[field]}
                  onChange={(event) => setValues((old) => ({ ...old, [field]: event.target.value }))}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={`${id}-hint`}
                  className={inputStyles}
                />
                <p id={`${id}-hint`} className={error ? 'text-xs text-danger-700' : 'text-xs text-gray-500'}>
                  {error ?? (current && !Number.isNaN(Number(values[field])) ? current : '\u00a0')}
                </p>
              </div>
            );
          })}
        </div>
        <div className="mt-4 flex flex-wrap items-center gap-3">
          <button type="submit" disabled={update.isPending} className={buttonStyles.primary}>
            {update.isPending ? 'Saving…' : `Save ${plan.name}`}
          </button>
          <button
            type="button"
            onClick={() => {
              setValues(planFormValues(plan));
              setErrors({});
              setNote(undefined);
            }}
            className={buttonStyles.secondary}
          >
            Reset
          </button>
          <p aria-live="polite" className="text-sm text-gray-700">
            {note}
          </p>
          {update.isError ? (
            <p role="alert" className="text-sm text-danger-700">
              {update.error.message}
            </p>
          ) : null}
        </div>
      </form>
    </Card>
  );
}
