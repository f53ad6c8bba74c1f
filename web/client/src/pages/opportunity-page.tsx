import { IcsLink, MeetingLink } from '../components/calendar-links.js';
import { useState } from 'react';
import { api, notifyChanged } from '../api.js';
import { useApi } from '../hooks.js';
import { useFormat } from '../format.js';
import { confirmQuery, useConfirmedCall } from '../components/confirm.js';
import { StageSelect } from '../cards/opportunity-card.js';
import { countOf } from '../words.js';
import { fullName, label, type Contact, type Interaction, type Opportunity } from '../types.js';
import { ChancesPanel, MatchPanel, ReferrersPanel } from './opportunity-insights.js';

interface Detail { opportunity: Opportunity; contact: Contact | null; referrer: Contact | null; people_at_company: Contact[]; interactions: Interaction[] }

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

type Event = { at: string; kind: 'stage' | 'interaction'; text: string; hasTime: boolean; detail?: string; key: string };

/** One opportunity: the job, its people and those you know at the company, the timeline, notes. */
export function OpportunityPage({ id }: { id: string }) {
  const { data, error } = useApi<Detail>(`/opportunities/${encodeURIComponent(id)}`);
  const fmt = useFormat();
  const [dialog, confirmed] = useConfirmedCall();
  const [note, setNote] = useState('');
  const [message, setMessage] = useState('');
  if (error) return <p className="error-text" role="alert">{error.message}</p>;
  if (!data) return <p className="muted" aria-busy="true">Loading…</p>;
  const o = data.opportunity;
  const title = `${o.job_title ?? 'Role'} at ${o.company_name}`;
  const events: Event[] = [
    ...(o.stage_history ?? []).map((s, i): Event => ({ at: s.changed_at, kind: 'stage', hasTime: true, key: `s${i}`, text: s.from_status ? `Moved from ${label(s.from_status)} to ${label(s.to_status)}` : `Added as ${label(s.to_status)}` })),
    ...data.interactions.map((i): Event => ({ at: i.interaction_date, kind: 'interaction', hasTime: i.has_time, key: i.id, text: `${capitalized(label(i.interaction_type))} with ${i.contact_name ?? ''}${i.subject ? `: ${i.subject}` : ''}`, detail: i.notes ?? undefined })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  const addNote = async (e: React.FormEvent) => {
    e.preventDefault();
    const text = note.trim();
    if (!text) return;
    try {
      const stamp = fmt.day(fmt.dayOf(new Date().toISOString()));
      await api(`/opportunities/${o.id}`, { method: 'PATCH', body: { notes: o.notes ? `${o.notes}\n${stamp}: ${text}` : `${stamp}: ${text}` } });
      setNote('');
      setMessage('Note added.');
      notifyChanged();
    } catch (err) { setMessage((err as Error).message); }
  };
  const remove = async () => {
    const r = await confirmed('delete_opportunity', { opportunity: o.id }, (approval) => api(`/opportunities/${o.id}${confirmQuery(approval)}`, { method: 'DELETE' })).catch((e: Error) => { setMessage(e.message); return undefined; });
    if (r) { notifyChanged(); window.location.hash = '#/pipeline'; }
  };
  const person = (c: Contact, role?: string) => (
    <li key={c.id}><a href={`#/contacts/${c.id}`}>{fullName(c)}</a>{role ? <span className="badge">{role}</span> : null}<span className="muted small">{[c.job_title, c.relationship_type && label(c.relationship_type)].filter(Boolean).join(' · ')}</span></li>
  );
  return (
    <div className="opportunity-page">
      <div className="page-head">
        <p><a href="#/pipeline">← Pipeline</a></p>
        <div className="actions"><a className="btn" href={`#/opportunities/${o.id}/edit`}>Edit</a></div>
      </div>
      <h2>{title}</h2>
      <div className="profile-grid">
        <div>
          <section className="card" aria-label="The job">
            <dl className="facts">
              <dt>Stage</dt><dd><StageSelect opportunity={o} /></dd>
              {o.location && <><dt>Location</dt><dd>{o.location}</dd></>}
              {o.salary_range && <><dt>Salary</dt><dd>{o.salary_range}</dd></>}
              {o.priority_level && <><dt>Priority</dt><dd>{label(o.priority_level)}</dd></>}
              {o.match_score != null && <><dt>Match</dt><dd>{Math.round(o.match_score * 100)} %</dd></>}
              {o.application_date && <><dt>Applied</dt><dd>{fmt.day(o.application_date)}</dd></>}
              {o.next_action && <><dt>Next</dt><dd>{o.next_action}{o.next_action_date ? ` (${fmt.day(o.next_action_date)})` : ''} {o.next_action_date && ['interested', 'applied', 'phone_screen', 'interview', 'final_round', 'offer'].includes(o.status) && <IcsLink item={`opportunity-${o.id}`} label={o.next_action} />}</dd></>}
              {o.meeting_url && <><dt>Call</dt><dd><MeetingLink url={o.meeting_url} /></dd></>}
              {o.job_url && /^https?:\/\//.test(o.job_url) && <><dt>Posting</dt><dd><a href={o.job_url} target="_blank" rel="noopener noreferrer">{new URL(o.job_url).hostname}</a></dd></>}
            </dl>
            {o.job_description ? <details><summary>Job description</summary><p className="notes">{o.job_description}</p></details> : <p className="muted small">No description yet: <a href={`#/opportunities/${o.id}/edit`}>paste the posting</a>.</p>}
          </section>
          <section className="card" aria-label="People">
            <h3>People</h3>
            <ul className="list people">
              {data.contact && person(data.contact, 'contact')}
              {data.referrer && person(data.referrer, 'referred you')}
              {data.people_at_company.map((c) => person(c))}
            </ul>
            {!data.contact && !data.referrer && data.people_at_company.length === 0 && <p className="muted">You know nobody at {o.company_name} yet. <a href="#/contacts/new">Add someone</a> with this company and they show here.</p>}
            {data.people_at_company.length > 0 && <p className="muted small">{countOf(data.people_at_company.length, 'other person', 'other people')} you know at {o.company_name}.</p>}
          </section>
          <ReferrersPanel opportunity={o} />
        </div>
        <div>
          <MatchPanel opportunity={o} />
          <ChancesPanel opportunity={o} />
          <section className="card" aria-label="Notes">
            <h3>Notes</h3>
            {o.notes ? <p className="notes">{o.notes}</p> : <p className="muted">No notes yet.</p>}
            <form className="inline-form" onSubmit={addNote}>
              <label className="grow">Add a note <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} /></label>
              <button type="submit" className="btn primary" disabled={!note.trim()}>Add note</button>
            </form>
            <p role="status" className="muted small">{message}</p>
          </section>
          <section className="card" aria-label="Timeline">
            <h3>Timeline</h3>
            {events.length === 0 ? <p className="muted">Nothing yet.</p> : (
              <ol className="timeline">
                {events.map((e) => (
                  <li key={e.key} className={`event-${e.kind}`}>
                    <time dateTime={e.at}>{fmt.instant(e.at, e.hasTime)}</time> <span>{e.text}</span>
                    {e.detail && <p className="small notes">{e.detail}</p>}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
      </div>
      <p><button type="button" className="btn danger" onClick={remove}>Delete this opportunity…</button></p>
      {dialog}
    </div>
  );
}
