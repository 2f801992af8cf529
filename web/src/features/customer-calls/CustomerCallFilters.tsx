import { useId, type FormEvent } from 'react';
import type { CustomerCallFilter } from '../../generated/graphql';
import { OUTCOME_LABELS, OUTCOMES } from '../../lib/outcomes';
import { navigate, useLocation, withParams } from '../../lib/router';

/**
 * The outcome filter (applied when chosen) and the number search (applied when submitted; the
 * server normalises +91 / 91 / 0 prefixes and names a bad number in its error). Both go into the
 * URL, and back to page 1.
 */
export function CustomerCallFilters({ filter }: { filter: CustomerCallFilter }) {
  const { path, params } = useLocation();
  const id = useId();
  const search = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const number = String(new FormData(e.currentTarget).get('number') ?? '').trim();
    navigate(withParams(path, params, { number }));
  };
  return (
    <form className="filters" aria-label="Filters" role="search" onSubmit={search}>
      <div>
        <label htmlFor={`${id}-outcome`}>Outcome</label>
        <select
          id={`${id}-outcome`}
          value={filter.outcome ?? ''}
          onChange={(e) => navigate(withParams(path, params, { outcome: e.target.value }))}
        >
          <option value="">All outcomes</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {OUTCOME_LABELS[o]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-number`}>Customer number</label>
        <span className="search">
          <input
            id={`${id}-number`}
            name="number"
            type="search"
            inputMode="tel"
            autoComplete="off"
            // A new URL (back, a link) shows its own number.
            key={filter.customerNumber ?? ''}
            defaultValue={filter.customerNumber ?? ''}
          />
          <button type="submit">Search</button>
        </span>
      </div>
    </form>
  );
}
