import { useEffect, useState } from 'react';
import { api, notifyChanged, qs } from '../api.js';
import { useApi } from '../hooks.js';
import { fullName, label, type Contact } from '../types.js';

const RELATIONSHIPS = ['recruiter', 'hiring_manager', 'peer', 'mentor', 'referral'];
const STRENGTHS = ['strong', 'medium', 'weak', 'new'];

/** Contacts: search, filters, multi-select with bulk tagging, CSV export. */
export function ContactsPage() {
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  const [tag, setTag] = useState('');
  const [company, setCompany] = useState('');
  const [relationship, setRelationship] = useState('');
  const [strength, setStrength] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkTag, setBulkTag] = useState('');
  const [message, setMessage] = useState('');
  const [extra, setExtra] = useState<Contact[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  useEffect(() => { const t = setTimeout(() => setDebounced(q), 200); return () => clearTimeout(t); }, [q]);
  const path = `/contacts${qs({ q: debounced, tag: tag.trim(), company: company.trim(), relationship_type: relationship, connection_strength: strength, limit: 50 })}`;
  const { data, error, loading } = useApi<{ contacts: Contact[]; next_cursor: string | null }>(path);
  useEffect(() => { setExtra([]); setCursor(data?.next_cursor ?? null); }, [data]);
  const contacts = [...(data?.contacts ?? []), ...extra];

  const more = async () => {
    if (!cursor) return;
    const r = await api<{ contacts: Contact[]; next_cursor: string | null }>(`${path}&cursor=${encodeURIComponent(cursor)}`);
    setExtra((x) => [...x, ...r.contacts]);
    setCursor(r.next_cursor);
  };
  const toggle = (id: string) => setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const allShown = contacts.length > 0 && contacts.every((c) => selected.has(c.id));
  const tagSelected = async (e: React.FormEvent) => {
    e.preventDefault();
    const t = bulkTag.trim();
    if (!t || selected.size === 0) return;
    if (selected.size > 1 && !window.confirm(`Add the tag "${t}" to ${selected.size} contacts?`)) return;
    try {
      await api('/contacts/tags', { method: 'POST', body: { contacts: [...selected], tags: [t], confirm: true } });
      setMessage(`Tagged ${selected.size} contact${selected.size === 1 ? '' : 's'} with "${t}".`);
      setSelected(new Set());
      setBulkTag('');
      notifyChanged();
    } catch (err) {
      setMessage((err as Error).message);
    }
  };

  return (
    <div className="contacts-page">
      <div className="page-head">
        <h2>Contacts</h2>
        <a className="btn" href="/api/export?format=csv" download>Export CSV</a>
      </div>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>Search <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name, email or company" /></label>
        <label>Tag <input value={tag} onChange={(e) => setTag(e.target.value)} /></label>
        <label>Company <input value={company} onChange={(e) => setCompany(e.target.value)} /></label>
        <label>Relationship
          <select value={relationship} onChange={(e) => setRelationship(e.target.value)}>
            <option value="">Any</option>{RELATIONSHIPS.map((r) => <option key={r} value={r}>{label(r)}</option>)}
          </select>
        </label>
        <label>Strength
          <select value={strength} onChange={(e) => setStrength(e.target.value)}>
            <option value="">Any</option>{STRENGTHS.map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        </label>
      </form>
      <form className="bulk" onSubmit={tagSelected} aria-label="Bulk tagging">
        <span>{selected.size} selected</span>
        <label>Tag <input value={bulkTag} onChange={(e) => setBulkTag(e.target.value)} placeholder="e.g. python" /></label>
        <button type="submit" className="btn primary" disabled={selected.size === 0 || !bulkTag.trim()}>Tag selected</button>
        <span role="status" className="muted">{message}</span>
      </form>
      {error && <p className="error-text" role="alert">{error.message}</p>}
      <table className="contacts-table" aria-busy={loading}>
        <caption className="sr-only">Contacts</caption>
        <thead>
          <tr>
            <th scope="col"><input type="checkbox" aria-label="Select all shown" checked={allShown} onChange={() => setSelected(allShown ? new Set() : new Set(contacts.map((c) => c.id)))} /></th>
            <th scope="col">Name</th><th scope="col" className="hide-sm">Company</th><th scope="col" className="hide-sm">Relationship</th><th scope="col">Last contact</th><th scope="col" className="hide-sm">Tags</th>
          </tr>
        </thead>
        <tbody>
          {contacts.map((c) => (
            <tr key={c.id}>
              <td><input type="checkbox" aria-label={`Select ${fullName(c)}`} checked={selected.has(c.id)} onChange={() => toggle(c.id)} /></td>
              <td><a href={`#/contacts/${c.id}`}>{fullName(c)}</a><div className="muted small show-sm">{c.company}</div></td>
              <td className="hide-sm">{c.company}</td>
              <td className="hide-sm">{label(c.relationship_type)}</td>
              <td>{c.last_contact_date ?? '—'}</td>
              <td className="hide-sm">{c.tags.map((t) => <span key={t} className="tag">{t}</span>)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && contacts.length === 0 && <p className="muted">No contacts match.</p>}
      {cursor && <button type="button" className="btn" onClick={more}>Load more</button>}
    </div>
  );
}
