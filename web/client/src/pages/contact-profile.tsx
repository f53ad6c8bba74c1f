import { useState } from 'react';
import { DraftPanel } from '../cards/draft-card.js';
import { api, notifyChanged } from '../api.js';
import { useApi } from '../hooks.js';
import { ContactCard } from '../cards/contact-card.js';
import { OpportunityCard } from '../cards/opportunity-card.js';
import { confirmQuery, useConfirmedCall } from '../components/confirm.js';
import { useFormat } from '../format.js';
import { InteractionForm } from './interaction-form.js';
import { ContactInsightsPanel } from './contact-insights-panel.js';
import { fullName, label, type Contact, type Interaction, type Opportunity } from '../types.js';

/** One contact: details and quick actions, logging an interaction, the timeline, open opportunities. */
export function ContactProfile({ id }: { id: string }) {
  const { data, error } = useApi<{ contact: Contact; interactions: Interaction[]; open_opportunities: Opportunity[] }>(`/contacts/${encodeURIComponent(id)}`);
  const fmt = useFormat();
  const [dialog, confirmed] = useConfirmedCall();
  const [message, setMessage] = useState('');
  if (error) return <p className="error-text" role="alert">{error.message}</p>;
  if (!data) return <p className="muted" aria-busy="true">Loading…</p>;
  const c = data.contact;
  const remove = async () => {
    try {
      const r = await confirmed('delete_contact', { contact: c.id }, (approval) => api(`/contacts/${c.id}${confirmQuery(approval)}`, { method: 'DELETE' }));
      if (r === undefined) return;
      notifyChanged();
      window.location.hash = '#/contacts';
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  return (
    <div className="profile">
      <div className="page-head">
        <p><a href="#/contacts">← All contacts</a></p>
        <div className="actions"><a className="btn" href={`#/contacts/${c.id}/edit`}>Edit</a></div>
      </div>
      <div className="profile-grid">
        <div>
          <ContactCard contact={c} />
          {c.notes && <section className="card" aria-label="Notes"><h3>Notes</h3><p className="notes">{c.notes}</p></section>}
          {data.open_opportunities.map((o) => <OpportunityCard key={o.id} opportunity={o} />)}
          <ContactInsightsPanel contactId={c.id} />
        </div>
        <div>
          <section className="card" aria-labelledby="log-title">
            <h3 id="log-title">Log an interaction with {c.first_name}</h3>
            <InteractionForm contact={c} onLogged={setMessage} />
            <p role="status" className="muted">{message}</p>
          </section>
          <DraftPanel contactId={c.id} firstName={c.first_name} />
          <section className="card" aria-label="Timeline">
            <h3>Timeline</h3>
            {data.interactions.length === 0 ? <p className="muted">No interactions yet: log the first one above.</p> : (
              <ol className="timeline">
                {data.interactions.map((i) => (
                  <li key={i.id}>
                    <time dateTime={i.interaction_date}>{fmt.instant(i.interaction_date, i.has_time)}</time>
                    <strong> {label(i.interaction_type)}</strong>{i.subject ? `: ${i.subject}` : ''}
                    {i.outcome && <span className="muted"> · {label(i.outcome)}</span>}
                    {i.follow_up_date && <span className="muted"> · follow up {fmt.day(i.follow_up_date)}</span>}
                    {i.notes && <p className="small notes">{i.notes}</p>}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
      </div>
      <p><button type="button" className="btn danger" onClick={remove}>Delete {fullName(c)}…</button></p>
      {dialog}
    </div>
  );
}
