import { useEffect, useState } from 'react';
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
import type { Team } from './teams-settings.js';

/** One contact: details and quick actions, logging an interaction, the timeline, open opportunities. */
export function ContactProfile({ id }: { id: string }) {
  const { data, error } = useApi<{ contact: Contact; interactions: Interaction[]; open_opportunities: Opportunity[] }>(`/contacts/${encodeURIComponent(id)}`);
  const fmt = useFormat();
  const [dialog, confirmed] = useConfirmedCall();
  const [message, setMessage] = useState('');
  if (error) return <p className="error-text" role="alert">{error.message}</p>;
  if (!data) return <p className="muted" aria-busy="true">Loading…</p>;
  const c = data.contact;
  // A teammate's shared contact: read it and log interactions with it; only its owner edits it.
  const theirs = c.shared && !c.shared.yours ? c.shared : null;
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
        {!theirs && <div className="actions"><a className="btn" href={`#/contacts/${c.id}/edit`}>Edit</a></div>}
      </div>
      {theirs && <p className="hint" role="note">{theirs.owner_name} shares {c.first_name} with the team {theirs.team_name}: you can read this contact and log your interactions with them; only {theirs.owner_name} edits or deletes it.</p>}
      {!theirs && <ShareControl contact={c} />}
      <div className="profile-grid">
        <div>
          <ContactCard contact={c} />
          {c.notes && <section className="card" aria-label="Notes"><h3>Notes</h3><p className="notes">{c.notes}</p></section>}
          {data.open_opportunities.map((o) => <OpportunityCard key={o.id} opportunity={o} />)}
          {!theirs && <ContactInsightsPanel contactId={c.id} />}
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
                    {i.logged_by && <span className="muted"> · logged by {i.logged_by}</span>}
                    {i.notes && <p className="small notes">{i.notes}</p>}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
      </div>
      {!theirs && <p><button type="button" className="btn danger" onClick={remove}>Delete {fullName(c)}…</button></p>}
      {dialog}
    </div>
  );
}

/** Private, or shared with one of the user's teams: shown only to someone in a team. */
function ShareControl({ contact }: { contact: Contact }) {
  const [teams, setTeams] = useState<Team[] | null>(null);
  const [status, setStatus] = useState<{ text: string; error?: boolean } | null>(null);
  useEffect(() => { void api<{ teams: Team[] }>('/teams').then((r) => setTeams(r.teams)).catch(() => setTeams([])); }, []);
  if (!teams || teams.length === 0) return null;
  const change = async (team: string) => {
    setStatus(null);
    try {
      if (team) await api(`/contacts/${contact.id}/share`, { method: 'POST', body: { team } });
      else await api(`/contacts/${contact.id}/share`, { method: 'DELETE' });
      notifyChanged();
      setStatus({ text: team ? `Shared with ${teams.find((t) => t.id === team)?.name}: its members can read ${contact.first_name} and log interactions.` : `${contact.first_name} is private again.` });
    } catch (e) {
      setStatus({ text: (e as Error).message, error: true });
    }
  };
  return (
    <div className="inline-form">
      <label htmlFor="share-team">Visible to</label>
      <select id="share-team" value={contact.shared?.team_id ?? ''} onChange={(e) => void change(e.target.value)}>
        <option value="">Only me (private)</option>
        {teams.map((t) => <option key={t.id} value={t.id}>The team {t.name}</option>)}
      </select>
      {status && <span role={status.error ? 'alert' : 'status'} className={status.error ? 'error-text' : 'hint'}>{status.text}</span>}
    </div>
  );
}
