import { useState } from 'react';
import { api, notifyChanged } from '../api.js';
import type { FollowUp } from '../types.js';
import { countOf } from '../words.js';
import { useFormat, type Formatters } from '../format.js';

function when(f: FollowUp, fmt: Formatters): string {
  if (f.days_overdue > 0) return `${countOf(f.days_overdue, 'day')} overdue`;
  if (f.days_overdue === 0) return 'today';
  return fmt.day(f.next_follow_up_date);
}

/** Follow-ups with Done and Snooze buttons that act through the REST API. */
export function FollowUpList({ items, title = 'Follow-ups' }: { items: FollowUp[]; title?: string }) {
  const [done, setDone] = useState<Record<string, string>>({});
  const fmt = useFormat();
  const act = async (f: FollowUp, action: 'complete' | 'snooze') => {
    try {
      await api(`/follow-ups/${f.contact_id}/${action}`, { method: 'POST', body: action === 'snooze' ? { days: 1 } : {} });
      setDone((d) => ({ ...d, [f.contact_id]: action === 'complete' ? 'Done' : 'Snoozed to tomorrow' }));
      notifyChanged();
    } catch (e) {
      setDone((d) => ({ ...d, [f.contact_id]: (e as Error).message }));
    }
  };
  return (
    <section className="card" aria-label={title}>
      <h3>{title}</h3>
      {items.length === 0 ? <p className="muted">Nothing due. Set a follow-up date on a contact (or say “follow up with Priya next week”) and it shows here on the day.</p> : (
        <ul className="list">
          {items.map((f) => (
            <li key={f.contact_id} className={`row${f.days_overdue > 0 ? ' overdue' : ''}`}>
              <div className="grow">
                <a href={`#/contacts/${f.contact_id}`}>{f.name}</a>{f.company ? <span className="muted"> · {f.company}</span> : null}
                <div className="muted small">{when(f, fmt)}{f.reason ? ` · ${f.reason}` : ''}</div>
              </div>
              {done[f.contact_id] ? <span role="status" className="muted small">{done[f.contact_id]}</span> : (
                <span className="row-actions">
                  <button type="button" className="btn small" onClick={() => act(f, 'complete')} aria-label={`Mark the follow-up with ${f.name} done`}>Done</button>
                  <button type="button" className="btn small" onClick={() => act(f, 'snooze')} aria-label={`Snooze the follow-up with ${f.name} by a day`}>Snooze</button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
