import { useState } from 'react';
import { api, ApiError } from '../api.js';

interface Preview { summary: string; approval_id: string }

/** REST answers a destructive call without its approval with 409 confirmation_required, the summary and the approval id. */
const previewOf = (e: unknown): Preview | null => (e instanceof ApiError && e.code === 'confirmation_required' && typeof e.details.approval_id === 'string'
  ? { summary: String((e.details.message as string | undefined)?.replace(/ Repeat the request.*$/s, '') ?? e.message), approval_id: e.details.approval_id } : null);

/** Export everything (one zip) and delete the account, asked for with the server's approval id like every destructive action. */
export function YourDataSettings() {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);

  const ask = async () => {
    setBusy(true); setMessage(null);
    try {
      await api('/tools/delete_account', { method: 'POST', body: {} });
    } catch (e) {
      const p = previewOf(e);
      if (p) setPreview(p); else setMessage({ text: (e as Error).message, error: true });
    } finally { setBusy(false); }
  };
  const confirm = async () => {
    if (!preview) return;
    setBusy(true);
    try {
      await api<{ status: 'deleted' }>('/tools/delete_account', { method: 'POST', body: { confirm: true, approval_id: preview.approval_id } });
      setPreview(null);
      setMessage({ text: 'Your account and everything in it are deleted.' });
      window.setTimeout(() => window.location.assign('/'), 1500);
    } catch (e) {
      const p = previewOf(e);
      if (p) setPreview(p);
      setMessage({ text: p ? 'The account was not deleted: that approval was used or expired. Confirm again.' : (e as Error).message, error: true });
    } finally { setBusy(false); }
  };

  return (
    <section className="card" aria-labelledby="data-title">
      <h3 id="data-title">Your data</h3>
      <p className="hint">Everything Kith holds for you, as one zip: every table of your account, your chats, your résumés and their files, attachment links, contacts as vCard and dates as iCalendar. Stored passwords and tokens are left out.</p>
      <div className="actions">
        <a className="btn primary" href="/api/export?format=archive" download>Export everything (.zip)</a>
        <button className="btn danger" disabled={busy} onClick={ask}>Delete my account…</button>
      </div>
      {preview && (
        <div role="alertdialog" aria-labelledby="delete-title" aria-describedby="delete-summary" className="confirm-box">
          <h4 id="delete-title">Delete your account?</h4>
          <p id="delete-summary">{preview.summary}</p>
          <div className="field"><label htmlFor="delete-typed">Type DELETE to confirm</label>
            <input id="delete-typed" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" /></div>
          <div className="actions">
            <button className="btn danger" disabled={busy || typed.trim().toUpperCase() !== 'DELETE'} onClick={confirm}>Delete everything</button>
            <button className="btn" disabled={busy} onClick={() => { setPreview(null); setTyped(''); }}>Keep my account</button>
          </div>
        </div>
      )}
      {message && <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error-text' : 'hint'}>{message.text}</p>}
    </section>
  );
}
