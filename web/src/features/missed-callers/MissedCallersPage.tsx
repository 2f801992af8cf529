import { ErrorMessage } from '../../components/ErrorMessage';
import { Pager } from '../../components/Pager';
import { useMissedCallers } from '../../hooks/useMissedCallers';
import { rangeFromParams } from '../../lib/range';
import { useLocation } from '../../lib/router';
import { MissedCallerTable } from './MissedCallerTable';

const pageOf = (v: string | null) => Math.max(1, Number.parseInt(v ?? '1', 10) || 1);

/**
 * The callers to ring back: open episodes first (each a number whose calls went unanswered and
 * who has not been reached since), then the recovered ones, each list newest first with its own
 * pages in the URL (`page`, `rpage`). A call-back that is answered closes the episode on the
 * server at once, so the worklist reloads then and the row moves to the recovered list.
 */
export default function MissedCallersPage() {
  const { params } = useLocation();
  const { open, recovered, loading, error, refetch } = useMissedCallers(
    rangeFromParams(params),
    pageOf(params.get('page')),
    pageOf(params.get('rpage')),
  );
  return (
    <section aria-labelledby="missed-callers-title">
      <h2 id="missed-callers-title">Missed callers</h2>
      {error && <ErrorMessage error={error} />}
      {!open && loading && <p>Loading…</p>}
      {open && recovered && (
        <>
          <section className="panel" aria-labelledby="open-callers-title">
            <h3 id="open-callers-title">
              To call back ({open.totalCount.toLocaleString('en-IN')})
            </h3>
            <MissedCallerTable
              callers={open.items}
              caption="Missed callers not yet reached, newest first"
              onAnswered={refetch}
            />
            <Pager
              page={open.page}
              limit={open.limit}
              totalCount={open.totalCount}
              noun="callers"
              label="Pages of callers to call back"
            />
          </section>
          <section className="panel" aria-labelledby="recovered-callers-title">
            <h3 id="recovered-callers-title">
              Recovered ({recovered.totalCount.toLocaleString('en-IN')})
            </h3>
            <MissedCallerTable
              callers={recovered.items}
              caption="Recovered missed callers, newest first"
            />
            <Pager
              page={recovered.page}
              limit={recovered.limit}
              totalCount={recovered.totalCount}
              noun="callers"
              param="rpage"
              label="Pages of recovered callers"
            />
          </section>
        </>
      )}
    </section>
  );
}
