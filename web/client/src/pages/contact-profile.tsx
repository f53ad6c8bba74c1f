import { useState } from 'react';
import { api, notifyChanged } from '../api.js';
import { useApi } from '../hooks.js';
import { ContactCard } from '../cards/contact-card.js';
import { OpportunityCard } from '../cards/opportunity-card.js';
import { label, type Contact, type Interaction, type Opportunity } from '../types.js';

const TYPES = ['coffee_chat', 'call', 'email', 'meeting', 'linkedin_message'];

/** One contact: details, quick actions, the interaction timeline, open opportunities. */
export function ContactProfile({ id }: { id: string }) {
  const { data, error } = useApi<{ contact: Contact; interactions: Interaction[]; open_opportunities: Opportunity[] }>(`/contacts/${encodeURIComponent(id)}`);
  const [type, setType] = useState('coffee_chat');
  const [subject, setSubject] = useState('');
  const [message, setMessage] = useState('');
  if (error) return <p className="error-text" role="alert">{error.message}</p>;
  if (!data) return <p className="muted" aria-busy="true">Loading…</p>;
  const c = data.contact;
  const log = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await api('/interactions', { method: 'POST', body: { contact: c.id, interaction_type: type, ...(subject.trim() ? { subject: subject.trim() } : {}) } });
      setSubject('');
      setMessage('Logged.');
      notifyChanged();
    } catch (err) {
      setMessage((err as Error).message);
    }
  };
  const remove = async () => {
    if (!window.confirm(`Delete ${c.first_name} ${c.last_name} and their ${data.interactions.length} interactions?`)) return;
    await api(`/contacts/${c.id}?confirm=true`, { method: 'DELETE' });
    notifyChanged();
    window.location.hash = '#/contacts';
  };
  return (
    <div className="profile">
      <p><a href="#/contacts">← All contacts</a></p>
      <ContactCard contact={c} />
      {c.notes && <section className="card"><h3>Notes</h3><p className="notes">{c.notes}</p></section>}
      <section className="card" aria-label="Log an interaction">
        <h3>Log an interaction</h3>
        <form className="inline-form" onSubmit={log}>
          <label>Type <select value={type} onChange={(e) => setType(e.target.value)}>{TYPES.map((t) => <option key={t} value={t}>{label(t)}</option>)}</select></label>
          <label>Subject <input value={subject} onChange={(e) => setSubject(e.target.value)} /></label>
          <button type="submit" className="btn primary">Log</button>
          <span role="status" className="muted">{message}</span>
        </form>
      </section>
      <section className="card" aria-label="Timeline">
        <h3>Timeline</h3>
        {data.interactions.length === 0 ? <p className="muted">No interactions yet.</p> : (
          <ol className="timeline">
            {data.interactions.map((i) => (
              <li key={i.id}>
                <time dateTime={i.interaction_date}>{new Date(i.interaction_date).toLocaleDateString()}</time>
                <strong> {label(i.interaction_type)}</strong>{i.subject ? `: ${i.subject}` : ''}
                {i.outcome && <span className="muted"> · {label(i.outcome)}</span>}
                {i.notes && <p className="small">{i.notes}</p>}
              </li>
            ))}
          </ol>
        )}
      </section>
      {data.open_opportunities.map((o) => <OpportunityCard key={o.id} opportunity={o} />)}
      <p><button type="button" className="btn danger" onClick={remove}>Delete contact</button></p>
    </div>
  );
}
