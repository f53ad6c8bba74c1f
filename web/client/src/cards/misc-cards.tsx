import type { Choice } from '../../../../agent/tools/shared/choices.js';
import { replaceReference } from '../../../../agent/tools/shared/replace-reference.js';
import { MeetingLink } from '../components/calendar-links.js';
import { useState } from 'react';
import { api, notifyChanged } from '../api.js';
import { label, type Candidate, type Contact, type Interaction } from '../types.js';
import { QuickActions } from './contact-card.js';
import { useFormat } from '../format.js';
import { confirmQuery } from '../components/confirm.js';
import { UndoBar } from './undo-bar.js';

const TYPE_WORDS: Record<string, string> = { email: 'Email', call: 'Call', meeting: 'Meeting', linkedin_message: 'LinkedIn message', coffee_chat: 'Coffee chat' };

/**
 * "Logged a coffee chat with Priya" with an Undo: with the call's change_id it reverses that call
 * exactly (the interaction, the contact's last-contact and follow-up dates); without one it
 * deletes the interaction after a confirmation.
 */
export function InteractionCard({ interaction, contact, changeId }: { interaction: Interaction; contact?: Contact; changeId?: string }) {
  const [step, setStep] = useState<'idle' | 'confirm' | 'undone' | 'error'>('idle');
  const [message, setMessage] = useState('');
  const fmt = useFormat();
  const who = interaction.contact_name ?? (contact ? `${contact.first_name} ${contact.last_name}`.trim() : 'a contact');
  const undo = async () => {
    try {
      // The inline "Delete this interaction?" was the question; the server approves only the call it previewed.
      const preview = await api<{ approval_id?: string }>('/tools/delete_interaction/preview', { method: 'POST', body: { interaction_id: interaction.id } });
      await api(`/interactions/${interaction.id}${confirmQuery(preview.approval_id ? { confirm: true, approval_id: preview.approval_id } : undefined)}`, { method: 'DELETE' });
      setStep('undone');
      notifyChanged();
    } catch (e) {
      setStep('error');
      setMessage((e as Error).message);
    }
  };
  return (
    <article className="card" aria-label={`Logged ${TYPE_WORDS[interaction.interaction_type] ?? 'interaction'} with ${who}`}>
      <p className="card-kicker">Interaction logged</p>
      <h3>{TYPE_WORDS[interaction.interaction_type] ?? label(interaction.interaction_type)} with <a href={`#/contacts/${interaction.contact_id}`}>{who}</a></h3>
      <dl className="facts">
        <dt>When</dt><dd>{fmt.instant(interaction.interaction_date, interaction.has_time)}</dd>
        {interaction.subject && <><dt>Subject</dt><dd>{interaction.subject}</dd></>}
        {interaction.meeting_url && <><dt>Call</dt><dd><MeetingLink url={interaction.meeting_url} /></dd></>}
        {interaction.outcome && <><dt>Outcome</dt><dd>{label(interaction.outcome)}</dd></>}
        {(interaction.follow_up_date ?? contact?.next_follow_up_date) && <><dt>Follow up</dt><dd>{fmt.day(interaction.follow_up_date ?? contact?.next_follow_up_date)}</dd></>}
      </dl>
      {contact && step !== 'undone' && <QuickActions contact={contact} />}
      {changeId ? <UndoBar changeId={changeId} /> : <div className="actions">
        {step === 'idle' && <button type="button" className="btn" onClick={() => setStep('confirm')}>Undo</button>}
        {step === 'confirm' && (
          <span className="confirm-inline" role="group" aria-label="Confirm undo">
            Delete this interaction?
            <button type="button" className="btn danger" onClick={undo} autoFocus>Delete</button>
            <button type="button" className="btn" onClick={() => setStep('idle')}>Keep</button>
          </span>
        )}
        {step === 'undone' && <span role="status" className="muted">Undone: the interaction was deleted.</span>}
        {step === 'error' && <span role="alert" className="error-text">{message}</span>}
      </div>}
    </article>
  );
}

/** Replaces the ambiguous reference in the user's sentence with the chosen contact. */
export function resolveSentence(sentence: string, reference: string, chosen: Candidate, all: Candidate[]): string {
  const sameName = all.filter((c) => c.name.toLowerCase() === chosen.name.toLowerCase()).length > 1;
  const replacement = sameName ? (chosen.email ?? chosen.id) : chosen.name;
  return replaceReference(sentence, reference, replacement);
}

/** "Which Priya?": one button per candidate; choosing re-sends the sentence naming that contact. */
export function ChooserCard({ reference, candidates, sentence, onChoose }: { reference: string; candidates: Candidate[]; sentence?: string; onChoose?: (text: string) => void }) {
  return (
    <section className="card chooser" aria-label={`Which ${reference}?`}>
      <h3>Which {reference}?</h3>
      <ul className="list">
        {candidates.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              className="btn choice"
              disabled={!onChoose || !sentence}
              onClick={() => onChoose && sentence && onChoose(resolveSentence(sentence, reference, c, candidates))}
            >
              <strong>{c.name}</strong>{c.company ? ` · ${c.company}` : ''}{c.email ? <span className="muted small"> · {c.email}</span> : null}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "Did you mean: 1. … 2. …?": a button per reading; a click sends its number, as typing it would. */
export function ReadingsCard({ choices, onChoose }: { choices: Choice[]; onChoose?: (reply: string) => void }) {
  return (
    <section className="card chooser readings" aria-label="Which did you mean?">
      <ul className="list">
        {choices.map((c) => (
          <li key={c.reply}>
            <button type="button" className="btn choice" disabled={!onChoose} onClick={() => onChoose?.(c.reply)}>
              <span className="muted small">{c.reply}.</span> <strong>{c.label}</strong>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ConfirmationCard({ summary, onAnswer, answered }: { summary: string; onAnswer?: (approved: boolean) => void; answered?: 'approved' | 'denied' }) {
  return (
    <section className="card confirm" aria-label="Confirmation needed" role="group">
      <p className="card-kicker">Please confirm</p>
      <p className="summary">{summary}</p>
      {answered ? <p className="muted" role="status">{answered === 'approved' ? 'Confirmed.' : 'Cancelled; nothing was changed.'}</p> : (
        <div className="actions">
          <button type="button" className="btn danger" onClick={() => onAnswer?.(true)}>Confirm</button>
          <button type="button" className="btn" onClick={() => onAnswer?.(false)}>Cancel</button>
        </div>
      )}
    </section>
  );
}

/** Snippets come with the matched words wrapped in « »: those become <mark>. */
export function Highlighted({ text }: { text: string }) {
  const parts = text.split(/(«[^«»]*»)/g);
  return <>{parts.map((p, i) => (p.startsWith('«') && p.endsWith('»') ? <mark key={i}>{p.slice(1, -1)}</mark> : <span key={i}>{p}</span>))}</>;
}

export interface SearchHit {
  kind: string; id: string; title: string; snippet: string;
  contact: { id: string; name: string } | null;
  opportunity: { id: string; company_name: string; job_title: string | null } | null;
}

export function SearchResults({ results, query }: { results: SearchHit[]; query?: string }) {
  return (
    <section className="card" aria-label={`Search results${query ? ` for ${query}` : ''}`}>
      <h3>Search{query ? `: ${query}` : ''}</h3>
      {results.length === 0 ? <p className="muted">Nothing found.</p> : (
        <ul className="list">
          {results.map((r) => (
            <li key={`${r.kind}-${r.id}`} className="hit">
              <div>
                <span className="badge">{r.kind}</span>{' '}
                {r.contact ? <a href={`#/contacts/${r.contact.id}`}>{r.title}</a> : <strong>{r.title}</strong>}
              </div>
              <p className="snippet"><Highlighted text={r.snippet} /></p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ContactList({ contacts, heading }: { contacts: Contact[]; heading: string }) {
  return (
    <section className="card" aria-label={heading}>
      <h3>{heading}</h3>
      {contacts.length === 0 ? <p className="muted">No contacts.</p> : (
        <ul className="list">
          {contacts.map((c) => (
            <li key={c.id}><a href={`#/contacts/${c.id}`}>{c.first_name} {c.last_name}</a>{c.company ? <span className="muted"> · {c.company}</span> : null}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
