import type { RepriceResponse } from '@spendscope/contracts';
import { useState } from 'react';
import { formatCurrency, formatInteger, formatPeriod } from '../../lib/format.ts';
import { useReprice } from '../../services/billing/reprice.ts';

const button =
  'rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-primary-500 disabled:opacity-50';

/**
 * For admins: checks a period for calls the price table now prices differently (unpriced calls that
 * a new price covers, a corrected price) and applies the re-pricing once the check shows what changes.
 */
export function RepricePanel({ period }: { period: string }) {
  const reprice = useReprice();
  const [checked, setChecked] = useState<RepriceResponse | undefined>();
  const changed = checked?.lines.filter((l) => l.changed_events > 0) ?? [];
  const newlyPriced = changed.reduce((n, l) => n + l.newly_priced, 0);

  const check = () => reprice.mutate({ period, dry_run: true }, { onSuccess: setChecked });
  const apply = () => reprice.mutate({ period }, { onSuccess: setChecked });

  return (
    <section aria-label="Re-price a period" className="mt-6 rounded-lg p-4 ring-1 ring-gray-200">
      <h2 className="text-sm font-semibold text-gray-800">Re-price {formatPeriod(period)}</h2>
      <p className="mt-1 text-sm text-gray-600">
        Calls keep the price they were stored with. After adding a price for an unpriced model, or correcting
        one, check the period and re-price it.
      </p>
      <div className="mt-3 flex gap-3">
        <button
          type="button"
          onClick={check}
          disabled={reprice.isPending}
          className={`${button} ring-1 ring-gray-300`}
        >
          Check for calls to re-price
        </button>
        {checked?.dry_run && changed.length > 0 ? (
          <button
            type="button"
            onClick={apply}
            disabled={reprice.isPending}
            className={`${button} bg-primary-600 text-white hover:bg-primary-700`}
          >
            Re-price {formatInteger(changed.reduce((n, l) => n + l.changed_events, 0))} calls
          </button>
        ) : null}
      </div>
      {reprice.isError ? (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {reprice.error.message}
        </p>
      ) : null}
      {checked ? (
        <div className="mt-3 text-sm text-gray-700" data-testid="reprice-result">
          {changed.length === 0 ? (
            <p>
              {checked.dry_run
                ? 'Nothing to re-price: every call has the price it would get now.'
                : 'Re-priced.'}
            </p>
          ) : (
            <>
              <p>
                {checked.dry_run ? 'Would change' : 'Changed'}: {formatInteger(newlyPriced)} unpriced calls
                priced.
              </p>
              <ul className="mt-1">
                {changed.map((l) => (
                  <li key={`${l.user_id}-${l.provider}`}>
                    {l.user_id} · {l.provider}: {formatInteger(l.changed_events)} calls,{' '}
                    {formatCurrency(l.cost_before)} → {formatCurrency(l.cost_after)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      ) : null}
    </section>
  );
}
