import { useState } from 'react';
import { api, ApiError, notifyChanged } from '../api.js';
import { useConfirmedCall } from '../components/confirm.js';

export interface DraftOutput {
  draft: { template: string; to: { name: string; address: string } | null; contact_id: string | null; subject: string; body: string; missing: string[]; personalised_from: string | null };
  mailto: string | null;
  can_send: boolean;
}

const mailto = (to: string, subject: string, body: string) => {
  const q = (s: string) => encodeURIComponent(s.replace(/\r?\n/g, '\r\n'));
  return `mailto:${encodeURIComponent(to).replace(/%40/g, '@')}?subject=${q(subject)}&body=${q(body)}`;
};

/** A drafted message: edit it, open it in the mail program (mailto:) or send it through your SMTP (confirmed first). */
export function DraftCard({ output }: { output: DraftOutput }) {
  const { draft } = output;
  const [subject, setSubject] = useState(draft.subject);
  const [body, setBody] = useState(draft.body);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [dialog, confirmed] = useConfirmedCall();
  const send = async () => {
    if (!draft.contact_id) return;
    setError('');
    try {
      const input = { contact: draft.contact_id, subject, body };
      const sent = await confirmed(`send_message`, input, (approval) => api<{ status: string; to: string }>('/tools/send_message', { method: 'POST', body: { ...input, ...approval } }));
      if (sent?.status === 'sent') { setStatus(`Sent to ${sent.to} and logged.`); notifyChanged(); }
    } catch (e) { setError(e instanceof ApiError ? e.message : String(e)); }
  };
  return (
    <div className="card draft-card">
      <p className="card-kicker">Draft{draft.to ? ` to ${draft.to.name} <${draft.to.address}>` : ''}</p>
      <label className="field"><span className="small muted">Subject</span><input value={subject} onChange={(e) => setSubject(e.target.value)} /></label>
      <label className="field"><span className="small muted">Message</span><textarea rows={14} value={body} onChange={(e) => setBody(e.target.value)} /></label>
      {draft.missing.length > 0 && <p className="small warn-text">To fill in: {draft.missing.map((m) => `[${m.replace(/[._]/g, ' ')}]`).join(', ')}</p>}
      {draft.personalised_from && <p className="small muted">Personal line from what you noted: “{draft.personalised_from}”</p>}
      <div className="actions">
        {draft.to && <a className="btn" href={mailto(draft.to.address, subject, body)}>Open in mail</a>}
        {output.can_send && !status && <button type="button" className="btn primary" onClick={() => void send()}>Send</button>}
        {status && <span role="status" className="small">{status}</span>}
        {error && <span role="alert" className="error-text">{error}</span>}
      </div>
      {dialog}
    </div>
  );
}

interface TemplateItem { key: string; name: string }

/** "Write an e-mail" on a contact: pick a template, get a filled draft (draft_message) to edit, open or send. */
export function DraftPanel({ contactId, firstName }: { contactId: string; firstName: string }) {
  const [templates, setTemplates] = useState<TemplateItem[]>([]);
  const [chosen, setChosen] = useState('');
  const [output, setOutput] = useState<DraftOutput | null>(null);
  const [error, setError] = useState('');
  const open = async () => {
    if (templates.length > 0) return;
    const { templates: list } = await api<{ templates: TemplateItem[] }>('/tools/list_templates', { method: 'POST', body: {} });
    setTemplates(list);
    setChosen(list[0]?.key ?? '');
  };
  const draft = async () => {
    setError('');
    try { setOutput(await api<DraftOutput>('/tools/draft_message', { method: 'POST', body: { template: chosen, contact: contactId } })); } catch (e) { setError(e instanceof ApiError ? e.message : String(e)); }
  };
  return (
    <details className="card" onToggle={(e) => { if ((e.target as HTMLDetailsElement).open) void open(); }}>
      <summary><strong>Write an e-mail to {firstName}</strong></summary>
      <div className="actions">
        <label className="sr-only" htmlFor="draft-template">Template</label>
        <select id="draft-template" value={chosen} onChange={(e) => setChosen(e.target.value)}>
          {templates.map((t) => <option key={t.key} value={t.key}>{t.name}</option>)}
        </select>
        <button type="button" className="btn" disabled={!chosen} onClick={() => void draft()}>Draft</button>
      </div>
      {error && <p role="alert" className="error-text">{error}</p>}
      {output && <DraftCard key={`${output.draft.template}-${output.draft.subject}`} output={output} />}
    </details>
  );
}
