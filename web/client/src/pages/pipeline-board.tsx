import { useEffect, useState } from 'react';
import { api, notifyChanged } from '../api.js';
import { useApi } from '../hooks.js';
import { STAGES, label, type Opportunity } from '../types.js';

/**
 * The pipeline as a kanban board: drag a card to another stage (HTML5 drag and drop), or use the
 * card's stage menu from the keyboard. Each move is saved with PATCH /api/opportunities/:id.
 */
export function PipelineBoard() {
  const { data, error } = useApi<{ opportunities: Opportunity[] }>('/opportunities?limit=200');
  const [items, setItems] = useState<Opportunity[]>([]);
  const [over, setOver] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  useEffect(() => { if (data) setItems(data.opportunities); }, [data]);

  const move = async (id: string, status: string) => {
    const before = items.find((o) => o.id === id);
    if (!before || before.status === status) return;
    setItems((xs) => xs.map((o) => (o.id === id ? { ...o, status } : o)));
    try {
      await api(`/opportunities/${id}`, { method: 'PATCH', body: { status } });
      setMessage(`Moved ${before.company_name} to ${label(status)}.`);
      notifyChanged();
    } catch (e) {
      setItems((xs) => xs.map((o) => (o.id === id ? before : o)));
      setMessage(`Could not move ${before.company_name}: ${(e as Error).message}`);
    }
  };

  if (error) return <p className="error-text" role="alert">{error.message}</p>;
  return (
    <section className="board-wrap" aria-label="Pipeline board">
      <p className="sr-only" role="status" aria-live="polite">{message}</p>
      <div className="board">
        {STAGES.map((stage) => {
          const cards = items.filter((o) => o.status === stage);
          return (
            <div
              key={stage}
              className={`column${over === stage ? ' over' : ''}`}
              data-stage={stage}
              onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; setOver(stage); }}
              onDragLeave={() => setOver((s) => (s === stage ? null : s))}
              onDrop={(e) => { e.preventDefault(); setOver(null); const id = e.dataTransfer.getData('text/plain'); if (id) void move(id, stage); }}
            >
              <h3 id={`stage-${stage}`}>{label(stage)} <span className="count">{cards.length}</span></h3>
              <ul aria-labelledby={`stage-${stage}`}>
                {cards.map((o) => (
                  <li
                    key={o.id}
                    className="opp"
                    draggable
                    data-id={o.id}
                    onDragStart={(e) => { e.dataTransfer.setData('text/plain', o.id); e.dataTransfer.effectAllowed = 'move'; }}
                  >
                    <strong>{o.company_name}</strong>
                    {o.job_title && <span className="small">{o.job_title}</span>}
                    {o.next_action_date && <span className="small muted">next: {o.next_action_date}</span>}
                    <label className="sr-only" htmlFor={`move-${o.id}`}>Move {o.company_name} to stage</label>
                    <select id={`move-${o.id}`} className="move" value={o.status} onChange={(e) => void move(o.id, e.target.value)}>
                      {STAGES.map((s) => <option key={s} value={s}>{label(s)}</option>)}
                    </select>
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      </div>
    </section>
  );
}
