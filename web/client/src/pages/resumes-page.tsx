import { useState } from 'react';
import { api, notifyChanged } from '../api.js';
import { useApi } from '../hooks.js';
import { useFormat } from '../format.js';
import { confirmQuery, useConfirmedCall } from '../components/confirm.js';
import { Field } from '../forms/field.js';
import { textInput, useToolForm } from '../forms/tool-form.js';
import type { Resume } from '../types.js';
import { countOf } from '../words.js';

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** #/resumes: the résumé versions, a PDF/DOCX upload or pasted text, and deleting one. */
export function ResumesPage() {
  const { data } = useApi<{ resumes: Resume[] }>('/resumes');
  const fmt = useFormat();
  const [dialog, confirmed] = useConfirmedCall();
  const [message, setMessage] = useState('');
  const form = useToolForm('add_resume', { name: '', text: '' }, (v) => textInput(v, ['name', 'text'], 'omit'));
  const upload = async (file: File) => {
    setMessage('Reading the file…');
    try {
      const r = await api<{ resume: Resume; rescored: number }>('/resumes', { method: 'POST', body: { content_base64: await base64Of(file), file_name: file.name, ...(form.values.name.trim() ? { name: form.values.name.trim() } : {}) } });
      setMessage(`Added “${r.resume.name}” (${countOf(r.resume.word_count, 'word')}); ${countOf(r.rescored, 'opportunity', 'opportunities')} scored again.`);
      notifyChanged();
    } catch (e) { setMessage((e as Error).message); }
  };
  const paste = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = await form.submit((input) => api<{ resume: Resume; rescored: number }>('/resumes', { method: 'POST', body: input }));
    if (r) { setMessage(`Added “${r.resume.name}”; ${countOf(r.rescored, 'opportunity', 'opportunities')} scored again.`); form.reset({ name: '', text: '' }); notifyChanged(); }
  };
  const remove = async (r: Resume) => {
    const done = await confirmed('delete_resume', { resume: r.id }, (approval) => api(`/resumes/${r.id}${confirmQuery(approval)}`, { method: 'DELETE' })).catch((e: Error) => { setMessage(e.message); return undefined; });
    if (done) { setMessage(`Deleted “${r.name}”.`); notifyChanged(); }
  };
  const list = data?.resumes ?? [];
  return (
    <div className="resumes-page">
      <div className="page-head"><h2>Résumés</h2></div>
      <p className="muted small">Match scores read the newest résumé, or the one an opportunity names. Every version is kept.</p>
      <section className="card" aria-label="Your résumés">
        {list.length === 0 ? <p className="muted">No résumé yet: upload a PDF or DOCX, or paste the text below.</p> : (
          <ul className="list">
            {list.map((r, i) => (
              <li key={r.id}>
                <strong>{r.name}</strong>{' '}{i === 0 && <><span className="badge">latest</span>{' '}</>}
                <span className="muted small"> {r.format.toUpperCase()} · {countOf(r.word_count, 'word')} · {fmt.day(fmt.dayOf(r.created_at))}{r.opportunities ? ` · sent with ${countOf(r.opportunities, 'opportunity', 'opportunities')}` : ''}</span>{' '}
                <button type="button" className="btn small" onClick={() => void remove(r)} aria-label={`Delete ${r.name}`}>Delete…</button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <form className="card form-grid" noValidate onSubmit={paste} aria-label="Add a résumé">
        <Field form={form} name="name" label="Name of this version" placeholder="e.g. Backend 2026" />
        <div className="field">
          <label htmlFor="resume-file">Upload a PDF or DOCX</label>
          <input id="resume-file" type="file" accept=".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document" onChange={(e) => { const f = e.target.files?.[0]; if (f) void upload(f); }} />
        </div>
        <Field form={form} name="text" label="…or paste the text" type="textarea" wide />
        {form.formError && <p className="error-text wide" role="alert">{form.formError}</p>}
        <div className="actions wide"><button type="submit" className="btn primary" disabled={form.busy || !form.values.text.trim()}>Add pasted résumé</button></div>
      </form>
      <p role="status" className="muted small">{message}</p>
      {dialog}
    </div>
  );
}
