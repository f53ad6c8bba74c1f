import { useState } from 'react';
import { api, ApiError, notifyChanged } from '../api.js';
import { useConfirmedCall } from '../components/confirm.js';
import { useToolSchema, choicesOf, fieldSchema } from '../schema.js';
import { messageFor, type FieldIssue } from '../forms/tool-form.js';
import { countOf } from '../words.js';
import { label } from '../types.js';

type Action = 'tag' | 'untag' | 'set' | 'export' | 'delete';

/** What to do with the selected contacts; every change goes through its tool, bulk ones confirmed first. */
export function BulkBar({ selected, onDone, onSelectAll, total }: { selected: Set<string>; onDone: () => void; onSelectAll?: () => void; total?: number }) {
  const update = useToolSchema('update_contacts');
  const [dialog, confirmed] = useConfirmedCall();
  const [action, setAction] = useState<Action>('tag');
  const [tag, setTag] = useState('');
  const [field, setField] = useState('relationship_type');
  const [value, setValue] = useState('');
  const [format, setFormat] = useState('csv');
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const ids = [...selected];
  const n = selected.size;
  const fields = Object.keys(fieldSchema(update?.input, 'set')?.properties ?? {});
  const valueSchema = fieldSchema(update?.input, `set.${field}`);
  const choices = choicesOf(update?.input, `set.${field}`);

  const run = async (e: React.FormEvent) => {
    e.preventDefault();
    setError('');
    setMessage('');
    if (n === 0) return;
    try {
      if (action === 'export') {
        window.location.href = `/api/export?format=${format}&ids=${ids.join(',')}`;
        setMessage(`Exported ${countOf(n, 'contact')}.`);
        return;
      }
      const tags = tag.split(',').map((t) => t.trim()).filter(Boolean);
      const [tool, method, path, input] = action === 'tag' ? ['tag_contacts', 'POST', '/contacts/tags', { contacts: ids, tags }]
        : action === 'untag' ? ['untag_contacts', 'DELETE', '/contacts/tags', { contacts: ids, tags }]
          : action === 'set' ? ['update_contacts', 'PATCH', '/contacts', { contacts: ids, set: { [field]: value.trim() || null } }]
            : ['delete_contacts', 'DELETE', '/contacts', { contacts: ids }];
      const done = await confirmed(tool, input, (approval) => api(path, { method, body: { ...input, ...approval } }));
      if (done === undefined) { setMessage('Cancelled; nothing was changed.'); return; }
      const verb = { tag: `Tagged ${countOf(n, 'contact')} with "${tag}"`, untag: `Removed "${tag}" from ${countOf(n, 'contact')}`, set: `Set ${label(field)} on ${countOf(n, 'contact')}`, delete: `Deleted ${countOf(n, 'contact')}` }[action];
      setMessage(`${verb}.`);
      setTag('');
      onDone();
      notifyChanged();
    } catch (err) {
      const issues = err instanceof ApiError ? (err.details.issues as FieldIssue[] | undefined) : undefined;
      setError(issues?.length ? `${label(issues[0].field.split('.').pop())}: ${messageFor(issues[0])}` : (err as Error).message);
    }
  };

  return (
    <form className="bulk" onSubmit={run} aria-label="With the selected contacts" noValidate>
      <span className="selected-count" aria-live="polite">{countOf(n, 'contact')} selected</span>
      {onSelectAll && total !== undefined && <button type="button" className="btn small" onClick={onSelectAll}>Select all {countOf(total, 'match', 'matches')}</button>}
      <label>Action
        <select aria-label="Action" value={action} onChange={(e) => setAction(e.target.value as Action)}>
          <option value="tag">Add a tag</option><option value="untag">Remove a tag</option><option value="set">Set a field</option>
          <option value="export">Export</option><option value="delete">Delete</option>
        </select>
      </label>
      {(action === 'tag' || action === 'untag') && <label>Tag <input aria-label="Tag" value={tag} onChange={(e) => setTag(e.target.value)} placeholder="e.g. python" /></label>}
      {action === 'set' && (
        <>
          <label>Field <select aria-label="Field" value={field} onChange={(e) => { setField(e.target.value); setValue(''); }}>{fields.map((f) => <option key={f} value={f}>{label(f)}</option>)}</select></label>
          <label>Value {choices.length
            ? <select aria-label="Value" value={value} onChange={(e) => setValue(e.target.value)}><option value="">(clear)</option>{choices.map((c) => <option key={c} value={c}>{label(c)}</option>)}</select>
            : <input aria-label="Value" type={/date/.test(field) ? 'date' : 'text'} maxLength={valueSchema?.maxLength} value={value} onChange={(e) => setValue(e.target.value)} />}
          </label>
        </>
      )}
      {action === 'export' && (
        <label>Format <select aria-label="Format" value={format} onChange={(e) => setFormat(e.target.value)}><option value="csv">CSV</option><option value="json">JSON</option><option value="vcard">vCard 4.0 (.vcf)</option><option value="google-csv">Google Contacts CSV</option><option value="icalendar">iCalendar follow-ups (.ics)</option></select></label>
      )}
      <button type="submit" className={`btn ${action === 'delete' ? 'danger' : 'primary'}`} disabled={n === 0 || ((action === 'tag' || action === 'untag') && !tag.trim())}>
        {action === 'delete' ? 'Delete…' : action === 'export' ? 'Export' : 'Apply'}
      </button>
      <span role="status" className="muted">{message}</span>
      {error && <span role="alert" className="error-text">{error}</span>}
      {dialog}
    </form>
  );
}
