import { useEffect, useRef, useState } from 'react';
import { api, notifyChanged } from '../api.js';
import { useApi } from '../hooks.js';
import { useToolSchema, choicesOf } from '../schema.js';
import { useFormat } from '../format.js';
import { countOf } from '../words.js';
import { label, type Opportunity } from '../types.js';

/** Stages a search has ended in: shown collapsed (still drop targets) so the active ones have room. */
const CLOSED = new Set(['rejected', 'withdrawn']);
const EDGE = 60;

interface Move { id: string; name: string; from: string; to: string }

/** #/pipeline: the board under its heading. */
export function PipelinePage() {
  return <><div className="page-head"><h2>Pipeline</h2><a className="btn primary" href="#/opportunities/new">Add opportunity</a></div><PipelineBoard /></>;
}

/**
 * The pipeline as a board. Every stage is on screen (columns wrap instead of overflowing; closed
 * stages collapse); drag a card to any column (the page scrolls near its edges while dragging),
 * move it with the arrow keys or its stage menu, and undo the last move.
 */
export function PipelineBoard({ compact = false }: { compact?: boolean }) {
  const schema = useToolSchema('update_opportunity');
  const stages = choicesOf(schema?.input, 'status');
  const fmt = useFormat();
  const { data, error } = useApi<{ opportunities: Opportunity[] }>('/opportunities?limit=200');
  const [items, setItems] = useState<Opportunity[]>([]);
  const [over, setOver] = useState<string | null>(null);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [last, setLast] = useState<Move | null>(null);
  const [message, setMessage] = useState('');
  const focusAfter = useRef<string | null>(null);
  useEffect(() => { if (data) setItems(data.opportunities); }, [data]);
  useEffect(() => {
    if (!focusAfter.current) return;
    document.querySelector<HTMLElement>(`.opp[data-id="${focusAfter.current}"]`)?.focus();
    focusAfter.current = null;
  });

  const move = async (id: string, status: string, undoing = false) => {
    const before = items.find((o) => o.id === id);
    if (!before || before.status === status) return;
    const name = before.job_title ? `${before.company_name} (${before.job_title})` : before.company_name;
    setItems((xs) => xs.map((o) => (o.id === id ? { ...o, status } : o)));
    if (CLOSED.has(status)) setOpen((s) => new Set(s).add(status));
    try {
      await api(`/opportunities/${id}`, { method: 'PATCH', body: { status } });
      setLast(undoing ? null : { id, name, from: before.status, to: status });
      setMessage(undoing ? `Undone: ${name} is back in ${label(status)}.` : `Moved ${name} to ${label(status)}.`);
      notifyChanged();
    } catch (e) {
      setItems((xs) => xs.map((o) => (o.id === id ? before : o)));
      setMessage(`Could not move ${name}: ${(e as Error).message}`);
    }
  };

  const keyMove = (e: React.KeyboardEvent, o: Opportunity) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    if ((e.target as HTMLElement).tagName === 'SELECT') return;
    e.preventDefault();
    const i = stages.indexOf(o.status) + (e.key === 'ArrowRight' ? 1 : -1);
    if (i < 0 || i >= stages.length) return;
    focusAfter.current = o.id;
    void move(o.id, stages[i]);
  };

  // While a card is dragged, the window scrolls when the pointer nears its top or bottom edge (a column out of view comes to it).
  const autoScroll = (e: React.DragEvent) => {
    if (e.clientY < EDGE) window.scrollBy(0, -40);
    else if (e.clientY > window.innerHeight - EDGE) window.scrollBy(0, 40);
  };

  if (error) return <p className="error-text" role="alert">{error.message}</p>;
  if (data && items.length === 0) {
    return <p className="empty-state">No opportunities yet. <a href="#/opportunities/new">Add the first job</a> you are interested in, or tell the chat “applied to Stripe as a platform engineer”.</p>;
  }
  return (
    <section className={`board-wrap${compact ? ' compact' : ''}`} aria-label="Pipeline board" onDragOver={autoScroll}>
      <p id="board-help" className="sr-only">Drag a card to another stage, or focus it and press the left or right arrow key to move it one stage.</p>
      <div className="board-status">
        <p role="status" aria-live="polite" className="muted small">{message}</p>
        {last && <button type="button" className="btn small" onClick={() => void move(last.id, last.from, true)}>Undo: move {last.name} back to {label(last.from)}</button>}
      </div>
      <div className="board">
        {stages.map((stage) => {
          const cards = items.filter((o) => o.status === stage);
          const collapsed = CLOSED.has(stage) && !open.has(stage);
          return (
            <div
              key={stage}
              className={`column${over === stage ? ' over' : ''}${CLOSED.has(stage) ? ' closed' : ''}${collapsed ? ' collapsed' : ''}`}
              data-stage={stage}
              onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; setOver(stage); }}
              onDragLeave={(e) => { if (!e.currentTarget.contains(e.relatedTarget as Node)) setOver((s) => (s === stage ? null : s)); }}
              onDrop={(e) => { e.preventDefault(); setOver(null); const id = e.dataTransfer.getData('text/plain'); if (id) void move(id, stage); }}
            >
              <h3 id={`stage-${stage}`}>{label(stage)} <span className="count">{cards.length}</span></h3>
              {CLOSED.has(stage) && cards.length > 0 && (
                <button type="button" className="btn small linkish" aria-expanded={!collapsed} onClick={() => setOpen((s) => { const n = new Set(s); if (n.has(stage)) n.delete(stage); else n.add(stage); return n; })}>
                  {collapsed ? `Show ${countOf(cards.length, 'card')}` : 'Hide'}
                </button>
              )}
              {!collapsed && (
                <ul aria-labelledby={`stage-${stage}`}>
                  {cards.map((o) => (
                    <li
                      key={o.id}
                      className="opp"
                      draggable
                      tabIndex={0}
                      data-id={o.id}
                      aria-describedby="board-help"
                      aria-label={`${o.company_name}${o.job_title ? `, ${o.job_title}` : ''}, ${label(o.status)}`}
                      onKeyDown={(e) => keyMove(e, o)}
                      onDragStart={(e) => { e.dataTransfer.setData('text/plain', o.id); e.dataTransfer.effectAllowed = 'move'; }}
                      onDragEnd={() => setOver(null)}
                    >
                      <a href={`#/opportunities/${o.id}`} className="opp-title" draggable={false} tabIndex={-1}><strong>{o.company_name}</strong></a>
                      {o.job_title && <span className="small">{o.job_title}</span>}
                      {o.next_action_date && <span className="small muted">next: {fmt.day(o.next_action_date)}</span>}
                      <label className="sr-only" htmlFor={`move-${o.id}`}>Move {o.company_name} to stage</label>
                      <select id={`move-${o.id}`} className="move" value={o.status} onChange={(e) => void move(o.id, e.target.value)}>
                        {stages.map((s) => <option key={s} value={s}>{label(s)}</option>)}
                      </select>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          );
        })}
      </div>
    </section>
  );
}
