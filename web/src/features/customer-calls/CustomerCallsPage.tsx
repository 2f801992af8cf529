import { ErrorMessage } from '../../components/ErrorMessage';
import { Pager } from '../../components/Pager';
import type { CallOutcome, CustomerCallFilter } from '../../generated/graphql';
import { useCustomerCalls } from '../../hooks/useCustomerCalls';
import { OUTCOMES } from '../../lib/outcomes';
import { rangeFromParams } from '../../lib/range';
import { useLocation } from '../../lib/router';
import { CustomerCallFilters } from './CustomerCallFilters';
import { CustomerCallTable } from './CustomerCallTable';

/** The filters in the URL, as the API's CustomerCallFilter. */
export function customerCallFilterFromParams(params: URLSearchParams): CustomerCallFilter {
  const outcome = params.get('outcome') as CallOutcome | null;
  return {
    outcome: outcome && OUTCOMES.includes(outcome) ? outcome : undefined,
    customerNumber: params.get('number') || undefined,
  };
}

/**
 * Customer calls of the range (one per call to the IVR, however many agents it rang), newest
 * first, filtered and paged through the URL.
 */
export default function CustomerCallsPage() {
  const { params } = useLocation();
  const range = rangeFromParams(params);
  const filter = customerCallFilterFromParams(params);
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const { customerCalls, loading, error } = useCustomerCalls(range, filter, page);
  return (
    <section aria-labelledby="customer-calls-title">
      <h2 id="customer-calls-title">Customer calls</h2>
      <CustomerCallFilters filter={filter} />
      {error && <ErrorMessage error={error} />}
      {!customerCalls && loading && <p>Loading…</p>}
      {customerCalls && (
        <>
          <CustomerCallTable calls={customerCalls.items} />
          <Pager
            page={customerCalls.page}
            limit={customerCalls.limit}
            totalCount={customerCalls.totalCount}
            noun="calls"
          />
        </>
      )}
    </section>
  );
}
