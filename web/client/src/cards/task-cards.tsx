import { IcsLink } from '../components/calendar-links.js';
import { useState } from 'react';
import { api, notifyChanged } from '../api.js';
import type { AgendaItem, Task } from '../types.js';

function due(date: string | null, today?: string): string {
  if (!date) return 'no due date';
  if (today && date < today) return `overdue (${date})`;
  if (today && date === today) return 'today';
  return date;
}

/** Tasks with Done and Snooze buttons that act through the REST API. */
export function TaskList({ tasks, title = 'Tasks', today }: { tasks: Task[]; title?: string; today?: string }) {
  const [done, setDone] = useState<Record<string, string>>({});
  const act = async (t: Task, action: 'complete' | 'snooze') => {
    try {
      await api(`/tasks/${t.id}/${action}`, { method: 'POST', body: action === 'snooze' ? { days: 1 } : {} });
      setDone((d) => ({ ...d, [t.id]: action === 'complete' ? 'Done' : 'Snoozed a day' }));
      notifyChanged();
    } catch (e) {
      setDone((d) => ({ ...d, [t.id]: (e as Error).message }));
    }
  };
  return (
    <section className="card" aria-label={title}>
      <h3>{title}</h3>
      {tasks.length === 0 ? <p className="muted">Nothing to do.</p> : (
        <ul className="list">
          {tasks.map((t) => (
            <li key={t.id} className={`row${today && t.due_date && t.due_date < today && t.status === 'open' ? ' overdue' : ''}`}>
              <div className="grow">
                <span>{t.status === 'done' ? <s>{t.title}</s> : t.title}</span>
                <div className="muted small">
                  {due(t.due_date, today)}
                  {t.contact_name && t.contact_id ? <> · <a href={`#/contacts/${t.contact_id}`}>{t.contact_name}</a></> : null}
                  {t.opportunity_name ? ` · ${t.opportunity_name}` : ''}
                </div>
              </div>
              {done[t.id] ? <span role="status" className="muted small">{done[t.id]}</span> : t.status === 'open' ? (
                <span className="row-actions">
                  <button type="button" className="btn small" onClick={() => act(t, 'complete')} aria-label={`Mark "${t.title}" done`}>Done</button>
                  <button type="button" className="btn small" onClick={() => act(t, 'snooze')} aria-label={`Snooze "${t.title}" by a day`}>Snooze</button>
                  {t.due_date && <IcsLink item={`task-${t.id}`} label={`"${t.title}"`} />}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const KIND_WORDS: Record<AgendaItem['kind'], string> = { follow_up: 'Follow-up', todo: 'Task', next_action: 'Next step' };

/** The agenda: tasks, follow-ups and opportunities' next steps by date. */
export function AgendaCard({ items, from, to, today }: { items: AgendaItem[]; from: string; to: string; today: string }) {
  return (
    <section className="card" aria-label="Agenda">
      <h3>{from === to ? `Agenda for ${from}` : `Agenda ${from} – ${to}`}</h3>
      {items.length === 0 ? <p className="muted">Nothing on your plate.</p> : (
        <ul className="list">
          {items.map((i, n) => (
            <li key={`${i.task_id ?? i.opportunity_id}-${n}`} className={`row${i.date < today ? ' overdue' : ''}`}>
              <div className="grow">
                <span>{i.title}</span>
                <div className="muted small">
                  {KIND_WORDS[i.kind]} · {due(i.date, today)}
                  {i.contact_name && i.contact_id ? <> · <a href={`#/contacts/${i.contact_id}`}>{i.contact_name}</a></> : null}
                  {i.opportunity_name ? ` · ${i.opportunity_name}` : ''}
                </div>
              </div>
              <IcsLink item={i.task_id ? `task-${i.task_id}` : `opportunity-${i.opportunity_id}`} label={`"${i.title}"`} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
