import { useState } from 'react';
import { api, notifyChanged } from '../api.js';
import { fullName, label, type Contact } from '../types.js';
import { useFormat } from '../format.js';

/** mailto:, tel:, LinkedIn and "schedule a follow-up" for one contact. */
export function QuickActions({ contact }: { contact: Contact }) {
  const [open, setOpen] = useState(false);
  const [date, setDate] = useState('');
  const [status, setStatus] = useState('');
  const [reason, setReason] = useState('');
  const fmt = useFormat();
  const name = fullName(contact);
  const schedule = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!date) return;
    try {
      await api('/follow-ups', { method: 'POST', body: { contact: contact.id, date, ...(reason.trim() ? { reason: reason.trim() } : {}) } });
      setStatus(`Follow-up set for ${fmt.day(date)}.`);
      setReason('');
      setOpen(false);
      notifyChanged();
    } catch (err) {
      setStatus((err as Error).message);
    }
  };
  return (
    <div className="actions">
      {contact.email && <a className="btn" href={`mailto:${contact.email}`} aria-label={`Email ${name}`}>Email</a>}
      {contact.phone && <a className="btn" href={`tel:${contact.phone.replace(/[^+\d]/g, '')}`} aria-label={`Call ${name}`}>Call</a>}
      {contact.linkedin_url && /^https?:\/\//.test(contact.linkedin_url) && (
        <a className="btn" href={contact.linkedin_url} target="_blank" rel="noopener noreferrer" aria-label={`${name} on LinkedIn`}>LinkedIn</a>
      )}
      <button type="button" className="btn" aria-expanded={open} onClick={() => setOpen(!open)}>Follow up…</button>
      {open && (
        <form className="inline-form" onSubmit={schedule}>
          <label>Follow up with {contact.first_name} on <input type="date" required value={date} onChange={(e) => setDate(e.target.value)} /></label>
          <label>Why <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="optional" /></label>
          <button type="submit" className="btn primary">Schedule</button>
        </form>
      )}
      {status && <span role="status" className="muted">{status}</span>}
    </div>
  );
}

export function ContactCard({ contact, heading }: { contact: Contact; heading?: string }) {
  const name = fullName(contact);
  const fmt = useFormat();
  return (
    <article className="card contact-card" aria-label={`Contact ${name}`}>
      {heading && <p className="card-kicker">{heading}</p>}
      <h3><a href={`#/contacts/${contact.id}`}>{name}</a></h3>
      <p className="muted">{[contact.job_title, contact.company].filter(Boolean).join(' at ') || 'No company yet'}</p>
      <dl className="facts">
        {contact.email && <><dt>Email</dt><dd>{contact.email}</dd></>}
        {contact.phone && <><dt>Phone</dt><dd>{contact.phone}</dd></>}
        {contact.relationship_type && <><dt>Relationship</dt><dd>{label(contact.relationship_type)}</dd></>}
        {contact.connection_strength && <><dt>Strength</dt><dd>{contact.connection_strength}</dd></>}
        {contact.location && <><dt>Location</dt><dd>{contact.location}</dd></>}
        {contact.contact_source && <><dt>Met via</dt><dd>{label(contact.contact_source)}</dd></>}
        <dt>Last contact</dt><dd>{contact.last_contact_date ? fmt.day(contact.last_contact_date) : 'never'}</dd>
        {contact.next_follow_up_date && <><dt>Follow up</dt><dd>{fmt.day(contact.next_follow_up_date)}{contact.follow_up_reason ? ` (${contact.follow_up_reason})` : ''}</dd></>}
      </dl>
      {contact.tags.length > 0 && <ul className="tags" aria-label="Tags">{contact.tags.map((t) => <li key={t} className="tag">{t}</li>)}</ul>}
      <QuickActions contact={contact} />
    </article>
  );
}
