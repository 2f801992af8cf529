import { useId } from 'react';
import { formatLongDay, istDay } from '../lib/ist';
import {
  defaultCustomRange,
  RANGE_LABELS,
  rangeFromParams,
  rangeParams,
  type RangeChoice,
  type RangeSelection,
} from '../lib/range';
import { navigate, useLocation, withParams } from '../lib/router';

/** Today / Last 7 days / Last 30 days / Custom, in IST days; the choice lives in the URL. */
export function RangePicker() {
  const { path, params } = useLocation();
  const range = rangeFromParams(params);
  const go = (next: RangeSelection) => navigate(withParams(path, params, rangeParams(next)));
  const today = istDay();
  const id = useId();
  return (
    <fieldset className="range-picker">
      <legend>Range (IST days)</legend>
      <label htmlFor={`${id}-range`} className="visually-hidden">
        Range
      </label>
      <select
        id={`${id}-range`}
        value={range.choice}
        onChange={(e) => {
          const choice = e.target.value as RangeChoice;
          go(choice === 'custom' ? defaultCustomRange() : { choice });
        }}
      >
        {(Object.keys(RANGE_LABELS) as RangeChoice[]).map((c) => (
          <option key={c} value={c}>
            {RANGE_LABELS[c]}
          </option>
        ))}
      </select>
      {range.choice === 'custom' && (
        <>
          <label htmlFor={`${id}-from`}>From</label>
          <input
            id={`${id}-from`}
            type="date"
            value={range.from}
            max={range.to}
            onChange={(e) => e.target.value && go({ ...range, from: e.target.value })}
          />
          <label htmlFor={`${id}-to`}>To</label>
          <input
            id={`${id}-to`}
            type="date"
            value={range.to}
            min={range.from}
            max={today}
            onChange={(e) => e.target.value && go({ ...range, to: e.target.value })}
          />
        </>
      )}
      <span className="range-today">Today is {formatLongDay(today)} (IST)</span>
    </fieldset>
  );
}
