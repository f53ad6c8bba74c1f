import type { ImportJobView } from '../import-stream.js';

/** How far a running import is, with its Cancel: nothing is kept until the last record is written. */
export function ImportProgress({ view, cancelling, onCancel }: { view: ImportJobView; cancelling: boolean; onCancel: () => void }) {
  const counting = view.phase === 'importing' && view.total > 0;
  const percent = counting ? Math.floor((view.done / view.total) * 100) : 0;
  return (
    <section className="card import-progress" aria-label="Import progress">
      <p role="status">
        {cancelling ? 'Cancelling: taking back what was written…'
          : counting ? `Importing: ${view.done.toLocaleString()} of ${view.total.toLocaleString()} records written (${percent}%)`
            : 'Reading the file and looking for duplicates…'}
      </p>
      {/* no value while reading: the bar says "busy" without a figure it does not have */}
      <progress max={counting ? view.total : undefined} value={counting ? view.done : undefined} aria-label="Records written" />
      <div className="import-progress-foot">
        <span className="muted small">All or nothing: Cancel takes back every record of this import.</span>
        <button type="button" className="btn" disabled={cancelling || !view.id} onClick={onCancel}>{cancelling ? 'Cancelling…' : 'Cancel import'}</button>
      </div>
    </section>
  );
}
