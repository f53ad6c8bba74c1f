import { useRef, useState } from 'react';
import { api, notifyChanged } from '../api.js';
import { streamImport, type ImportJobView } from '../import-stream.js';
import { ImportProgress } from './import-progress.js';

interface PlanRecord { at: string; table: string; action: 'add' | 'update' | 'merge' | 'skip'; name: string; reason: string; match?: { with: string; by: string[] }; changes?: string[]; warnings?: string[] }
type Counts = { add: number; update: number; merge: number; skip: number };
interface ImportResult {
  format: string; dry_run: boolean; records: PlanRecord[]; warnings: string[];
  summary: Record<'contacts' | 'interactions' | 'opportunities', Counts>;
  mapping?: { columns: Record<string, string>; source: string; saved: boolean };
}

const FIELDS = ['', 'first_name', 'last_name', 'full_name', 'email', 'phone', 'company', 'job_title', 'linkedin_url', 'twitter_url', 'location', 'notes', 'tags', 'contact_source', 'relationship_type', 'connection_strength'];
const SHOWN = 500;

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Upload → dry-run preview (what would be added, updated, merged or skipped, and why) → confirm. */
export function ImportPage() {
  const [file, setFile] = useState<{ name: string; content_base64: string } | null>(null);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [mapping, setMapping] = useState<Record<string, string> | undefined>();
  const [merge, setMerge] = useState(false);
  const [agree, setAgree] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState('');
  const [message, setMessage] = useState('');

  const [progress, setProgress] = useState<ImportJobView | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const running = useRef<{ controller: AbortController; id?: string } | null>(null);

  const body = (f: { name: string; content_base64: string }, dry: boolean, m: Record<string, string> | undefined, all: boolean) =>
    ({ content_base64: f.content_base64, filename: f.name, dry_run: dry, on_match: all ? 'merge' : 'skip', agree: [...agree], ...(m ? { mapping: m } : {}) });

  const showPreview = async (f = file, m = mapping, all = merge) => {
    if (!f) return;
    setBusy('Reading the file…');
    setMessage('');
    try {
      const result = await api<ImportResult>('/tools/import_file', { method: 'POST', body: body(f, true, m, all) });
      setPreview(result);
      setMapping(result.mapping?.columns);
    } catch (err) {
      setPreview(null);
      setMessage((err as Error).message);
    } finally {
      setBusy('');
    }
  };

  /** How an import ended, in words: the counts written, that nothing was, or why not. */
  const ended = (end: ImportJobView) => {
    running.current = null;
    setProgress(null);
    setCancelling(false);
    if (end.state === 'done') {
      setPreview(null);
      setFile(null);
      const s = (end.result as ImportResult).summary;
      setMessage(`Imported: ${s.contacts.add} contacts added, ${s.contacts.update} updated, ${s.interactions.add} interactions, ${s.opportunities.add} opportunities added, ${s.opportunities.update} updated.`);
      notifyChanged();
    } else if (end.state === 'cancelled') setMessage('Cancelled: nothing was imported.');
    else setMessage(end.error?.message ?? 'The import failed; nothing was imported.');
  };

  const importNow = async () => {
    if (!file) return;
    const controller = new AbortController();
    running.current = { controller };
    setMessage('');
    setProgress({ id: '', state: 'running', phase: 'reading', done: 0, total: 0 });
    try {
      ended(await streamImport(body(file, false, mapping, merge), (view) => {
        if (running.current) running.current.id = view.id;
        setProgress(view);
      }, controller.signal));
    } catch (err) {
      // A cancel closed the stream on purpose: cancel() tells how the import ended.
      if (controller.signal.aborted) return;
      running.current = null;
      setProgress(null);
      setMessage((err as Error).message);
    }
  };

  /**
   * Closing the stream cancels the import on the server without another request (which, on an
   * embedded database, would wait for the import); DELETE then answers how it ended.
   */
  const cancel = async () => {
    const current = running.current;
    if (!current?.id) return;
    setCancelling(true);
    current.controller.abort();
    try {
      ended(await api<ImportJobView>(`/imports/${current.id}`, { method: 'DELETE' }));
    } catch (err) {
      running.current = null;
      setProgress(null);
      setCancelling(false);
      setMessage((err as Error).message);
    }
  };

  const toggle = (at: string) => setAgree((prev) => { const next = new Set(prev); if (next.has(at)) next.delete(at); else next.add(at); return next; });

  return (
    <div className="import-page">
      <div className="page-head"><h2>Import</h2></div>
      <p className="muted small">LinkedIn (Connections.csv, messages.csv), Google or Outlook contacts (CSV), vCard (.vcf from Apple, Google, Outlook),
        Huntr or Teal job exports, any CSV of contacts, or a Kith export. Nothing is written until you confirm.</p>
      <label>File <input type="file" accept=".csv,.vcf,.json,.txt,text/csv,text/vcard,application/json" onChange={async (e) => {
        const chosen = e.target.files?.[0];
        if (!chosen) return;
        const f = { name: chosen.name, content_base64: await base64Of(chosen) };
        setFile(f); setMapping(undefined); setAgree(new Set());
        await showPreview(f, undefined);
      }} /></label>
      {busy && <p role="status">{busy}</p>}
      {progress && <ImportProgress view={progress} cancelling={cancelling} onCancel={() => void cancel()} />}
      {message && <p role="alert" className="import-message">{message}</p>}
      {preview && (
        <section aria-label="Import preview">
          <h3>Preview: {preview.format}</h3>
          <ul className="import-summary">
            {Object.entries(preview.summary).filter(([, c]) => c.add + c.update + c.merge + c.skip > 0).map(([table, c]) => (
              <li key={table}>{table}: {c.add} to add, {c.update} to update, {c.merge} to merge, {c.skip} to skip</li>
            ))}
          </ul>
          {preview.mapping && mapping && (
            <fieldset>
              <legend>Columns ({preview.mapping.source}); saved for the next file like this one</legend>
              {Object.keys(mapping).concat(Object.keys(preview.mapping.columns).filter((k) => !(k in mapping))).map((column) => (
                <label key={column}>{column}
                  <select value={mapping[column] ?? ''} onChange={(e) => { const m = { ...mapping, [column]: e.target.value }; setMapping(m); void showPreview(file, m); }}>
                    {FIELDS.map((f) => <option key={f} value={f}>{f || '(leave out)'}</option>)}
                  </select>
                </label>
              ))}
            </fieldset>
          )}
          <label><input type="checkbox" checked={merge} onChange={(e) => { setMerge(e.target.checked); void showPreview(file, mapping, e.target.checked); }} /> Merge every match (otherwise only the ones ticked below)</label>
          <table className="import-preview">
            <thead><tr><th>Where</th><th>Record</th><th>Action</th><th>Why</th><th>Merge?</th></tr></thead>
            <tbody>{preview.records.slice(0, SHOWN).map((r, i) => (
              <tr key={`${r.at}-${i}`} className={`action-${r.action}`}>
                <td>{r.at}</td><td>{r.name || '—'}</td><td>{r.action}</td>
                <td>{r.reason}{r.warnings?.length ? <div className="muted small">{r.warnings.join(' ')}</div> : null}</td>
                <td>{r.match && r.changes?.length && r.action === 'skip' ? <input type="checkbox" aria-label={`Merge ${r.at}`} checked={agree.has(r.at)} onChange={() => toggle(r.at)} /> : null}</td>
              </tr>
            ))}</tbody>
          </table>
          {preview.records.length > SHOWN && <p className="muted small">… and {preview.records.length - SHOWN} more records.</p>}
          {preview.warnings.length > 0 && <details><summary>{preview.warnings.length} warnings</summary><ul>{preview.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul></details>}
          <button className="btn primary" disabled={!!busy || !!progress} onClick={() => void importNow()}>Import{agree.size ? ` (merging ${agree.size} ticked)` : ''}</button>
        </section>
      )}
      <h3>Export</h3>
      <p className="export-links">
        <a className="btn" href="/api/export?format=archive" download>Everything (.zip)</a>{' '}
        <a className="btn" href="/api/export" download>JSON</a>{' '}
        <a className="btn" href="/api/export?format=vcard" download>vCard (Apple, Google)</a>{' '}
        <a className="btn" href="/api/export?format=google-csv" download>Google Contacts CSV</a>{' '}
        <a className="btn" href="/api/export?format=icalendar" download>Follow-ups (iCalendar)</a>
      </p>
    </div>
  );
}
