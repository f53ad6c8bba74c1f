import { useEffect, useMemo, useState } from 'react';
import { api, notifyChanged, qs } from '../api.js';
import { useApi } from '../hooks.js';
import { useToolSchema, choicesOf } from '../schema.js';
import { useFormat } from '../format.js';
import { countOf } from '../words.js';
import { fullName, label, type Contact } from '../types.js';
import { BulkBar } from './contacts-bulk.js';

interface Filters { q: string; tag: string; company: string; relationship_type: string; connection_strength: string; contact_source: string; follow_up: string }
const EMPTY: Filters = { q: '', tag: '', company: '', relationship_type: '', connection_strength: '', contact_source: '', follow_up: '' };
const PAGE_SIZES = [25, 50, 100];
type Sort = { by: string; order: 'asc' | 'desc' };
const COLUMNS: Array<[string, string, string?]> = [['name', 'Name'], ['company', 'Company', 'hide-sm'], ['relationship', 'Relationship', 'hide-sm'], ['last_contact', 'Last contact'], ['next_follow_up', 'Follow-up', 'hide-sm'], ['tags', 'Tags', 'hide-sm']];
const SORTABLE = new Set(['name', 'company', 'last_contact', 'next_follow_up']);

/** Contacts: search, filters, sortable columns, pages; select many for tagging, a field, export or delete. */
export function ContactsPage() {
  const schema = useToolSchema('find_contacts');
  const fmt = useFormat();
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<Sort>({ by: 'name', order: 'asc' });
  const [size, setSize] = useState(25);
  const [pages, setPages] = useState<string[]>(['']);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  useEffect(() => { const t = setTimeout(() => setFilters((f) => (f.q === q ? f : { ...f, q })), 200); return () => clearTimeout(t); }, [q]);
  const base = `/contacts${qs({ ...filters, q: filters.q.trim(), tag: filters.tag.trim(), company: filters.company.trim(), sort: sort.by, order: sort.order, limit: size })}`;
  useEffect(() => { setPages(['']); }, [base]);
  const page = pages.length - 1;
  const cursor = pages[page];
  const path = cursor ? `${base}&cursor=${encodeURIComponent(cursor)}` : base;
  const { data, error, loading } = useApi<{ contacts: Contact[]; next_cursor: string | null; total: number }>(path);
  const contacts = data?.contacts ?? [];
  const setFilter = (k: keyof Filters, v: string) => setFilters((f) => ({ ...f, [k]: v }));
  const toggle = (id: string) => setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const allShown = contacts.length > 0 && contacts.every((c) => selected.has(c.id));
  const filtered = useMemo(() => Object.entries(filters).some(([, v]) => v.trim()), [filters]);
  const sortBy = (by: string) => setSort((s) => (s.by === by ? { by, order: s.order === 'asc' ? 'desc' : 'asc' } : { by, order: 'asc' }));
  const selectAllMatching = async () => {
    const ids: string[] = [];
    let next: string | null = '';
    while (next !== null) {
      const r: { contacts: Contact[]; next_cursor: string | null } = await api(`/contacts${qs({ ...filters, q: filters.q.trim(), limit: 200, cursor: next || undefined })}`);
      ids.push(...r.contacts.map((c) => c.id));
      next = r.next_cursor;
    }
    setSelected(new Set(ids));
  };

  const select = (name: keyof Filters, text: string, tool = 'find_contacts', field: string = name) => (
    <label>{text}
      <select aria-label={text} value={filters[name]} onChange={(e) => setFilter(name, e.target.value)}>
        <option value="">Any</option>{choicesOf(tool === 'find_contacts' ? schema?.input : undefined, field).map((r) => <option key={r} value={r}>{label(r)}</option>)}
      </select>
    </label>
  );

  return (
    <div className="contacts-page">
      <div className="page-head">
        <h2>Contacts</h2>
        <div className="actions">
          <a className="btn primary" href="#/contacts/new">Add contact</a>
          <a className="btn" href="/api/export?format=csv" download>Export all (CSV)</a>
        </div>
      </div>
      <form className="filters" role="search" aria-label="Search and filter contacts" onSubmit={(e) => e.preventDefault()}>
        <label>Search <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name, email or company" /></label>
        <label>Tag <input value={filters.tag} onChange={(e) => setFilter('tag', e.target.value)} /></label>
        <label>Company <input value={filters.company} onChange={(e) => setFilter('company', e.target.value)} /></label>
        {select('relationship_type', 'Relationship')}
        {select('connection_strength', 'Strength')}
        {select('contact_source', 'Source')}
        {select('follow_up', 'Follow-up')}
        {filtered && <button type="button" className="btn" onClick={() => { setFilters(EMPTY); setQ(''); }}>Clear filters</button>}
      </form>
      <BulkBar selected={selected} onDone={() => setSelected(new Set())} onSelectAll={data && data.total > contacts.length ? selectAllMatching : undefined} total={data?.total} />
      {error && <p className="error-text" role="alert">{error.message}</p>}
      <div className="table-wrap">
        <table className="contacts-table" aria-busy={loading}>
          <caption className="sr-only">Contacts, sorted by {label(sort.by)} {sort.order === 'asc' ? 'ascending' : 'descending'}</caption>
          <thead>
            <tr>
              <th scope="col"><input type="checkbox" aria-label="Select all shown" checked={allShown} onChange={() => setSelected((s) => { const n = new Set(s); for (const c of contacts) { if (allShown) n.delete(c.id); else n.add(c.id); } return n; })} /></th>
              {COLUMNS.map(([key, text, cls]) => (
                <th key={key} scope="col" className={cls} aria-sort={sort.by === key ? (sort.order === 'asc' ? 'ascending' : 'descending') : undefined}>
                  {SORTABLE.has(key) ? <button type="button" className="sort" onClick={() => sortBy(key)}>{text}<span aria-hidden="true">{sort.by === key ? (sort.order === 'asc' ? ' ▲' : ' ▼') : ''}</span></button> : text}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {contacts.map((c) => (
              <tr key={c.id} className={selected.has(c.id) ? 'selected' : undefined}>
                <td><input type="checkbox" aria-label={`Select ${fullName(c)}`} checked={selected.has(c.id)} onChange={() => toggle(c.id)} /></td>
                <td><a href={`#/contacts/${c.id}`}>{fullName(c)}</a>{c.shared && <> <span className="tag shared">{c.shared.yours ? `Shared with ${c.shared.team_name}` : `Shared by ${c.shared.owner_name}`}</span></>}<div className="muted small show-sm">{c.company}</div></td>
                <td className="hide-sm">{c.company}</td>
                <td className="hide-sm">{label(c.relationship_type)}</td>
                <td>{c.last_contact_date ? fmt.day(c.last_contact_date) : '—'}</td>
                <td className="hide-sm">{c.next_follow_up_date ? fmt.day(c.next_follow_up_date) : ''}</td>
                <td className="hide-sm">{c.tags.map((t) => <span key={t} className="tag">{t}</span>)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data && contacts.length === 0 && (filtered
        ? <p className="empty-state">No contacts match these filters. <button type="button" className="btn small" onClick={() => { setFilters(EMPTY); setQ(''); }}>Clear filters</button></p>
        : <p className="empty-state">No contacts yet. <a href="#/contacts/new">Add your first contact</a>, import a file, or tell the chat “add Priya Patel from Stripe”.</p>)}
      <nav className="pager" aria-label="Pages">
        <span className="muted">{data ? `${countOf(data.total, 'contact')}${data.total > size ? ` · page ${page + 1} of ${Math.max(1, Math.ceil(data.total / size))}` : ''}` : ''}</span>
        <button type="button" className="btn" disabled={page === 0} onClick={() => setPages((p) => p.slice(0, -1))}>Previous</button>
        <button type="button" className="btn" disabled={!data?.next_cursor} onClick={() => data?.next_cursor && setPages((p) => [...p, data.next_cursor!])}>Next</button>
        <label className="inline">Per page <select aria-label="Per page" value={size} onChange={(e) => setSize(Number(e.target.value))}>{PAGE_SIZES.map((n) => <option key={n}>{n}</option>)}</select></label>
      </nav>
    </div>
  );
}
