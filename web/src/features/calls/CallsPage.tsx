import { ErrorMessage } from '../../components/ErrorMessage';
import { Pager } from '../../components/Pager';
import type { CallListFilter, CallService } from '../../generated/graphql';
import { useKaleyraCallList } from '../../hooks/useKaleyraCallList';
import { rangeFromParams } from '../../lib/range';
import { useLocation } from '../../lib/router';
import { CallFilters } from './CallFilters';
import { CallTable } from './CallTable';

const SERVICES: readonly CallService[] = ['INCOMING', 'CALL_FORWARD', 'CLICK2CALL', 'OTHER'];

/** The filters in the URL, as the API's CallListFilter. */
export function filterFromParams(params: URLSearchParams): CallListFilter {
  const service = params.get('service') as CallService | null;
  return {
    service: service && SERVICES.includes(service) ? service : undefined,
    agentNumber: params.get('agent') || undefined,
    status: params.get('status') || undefined,
  };
}

/** Kaleyra's call legs for the range, newest first, filtered and paged through the URL. */
export default function CallsPage() {
  const { params } = useLocation();
  const range = rangeFromParams(params);
  const filter = filterFromParams(params);
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const { calls, loading, error } = useKaleyraCallList(range, filter, page);
  return (
    <section aria-labelledby="calls-title">
      <h2 id="calls-title">Call legs</h2>
      <CallFilters range={range} filter={filter} />
      {error && <ErrorMessage error={error} />}
      {!calls && loading && <p>Loading…</p>}
      {calls && (
        <>
          <CallTable calls={calls.items} />
          <Pager page={calls.page} limit={calls.limit} totalCount={calls.totalCount} />
        </>
      )}
    </section>
  );
}
