import { useEffect, useState } from 'react';
import { api } from '../api.js';
import { confirmQuery, useConfirmedCall } from '../components/confirm.js';

type WebhookEvent = 'contact.added' | 'interaction.logged' | 'opportunity.stage_changed' | 'follow_up.due';
interface Webhook { id: string; url: string; events: WebhookEvent[]; description: string | null; created_at: string; deliveries: { waiting: number; delivered: number; failed: number; last_event_at: string | null } }
interface Delivery { id: string; webhook_id: string; event: string; status: 'pending' | 'sending' | 'delivered' | 'failed'; attempts: number; next_attempt_at: string | null; last_status_code: number | null; last_error: string | null; created_at: string }

const EVENTS: Array<[WebhookEvent, string]> = [
  ['contact.added', 'A contact is added (also by an import)'],
  ['interaction.logged', 'An interaction is logged'],
  ['opportunity.stage_changed', 'An opportunity moves to another stage'],
  ['follow_up.due', 'A follow-up is due (once, on its day)'],
];
const STATUS: Record<Delivery['status'], string> = { pending: 'Waiting', sending: 'Sending', delivered: 'Delivered', failed: 'Failed' };
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** Outgoing webhooks: add one (its secret shown once), send a test ping, read the delivery log, delete one. */
export function WebhookSettings() {
  const [webhooks, setWebhooks] = useState<Webhook[] | null>(null);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['contact.added']);
  const [description, setDescription] = useState('');
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [log, setLog] = useState<{ webhook: Webhook; deliveries: Delivery[] } | null>(null);
  const [busy, setBusy] = useState('');
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [dialog, confirmed] = useConfirmedCall();

  const load = () => api<{ webhooks: Webhook[] }>('/webhooks').then((r) => setWebhooks(r.webhooks)).catch((e: Error) => setMessage({ text: e.message, error: true }));
  useEffect(() => { void load(); }, []);

  const run = async (what: string, fn: () => Promise<string | undefined>) => {
    setBusy(what); setMessage(null);
    try { const text = await fn(); if (text) setMessage({ text }); } catch (e) { setMessage({ text: (e as Error).message, error: true }); } finally { setBusy(''); }
  };
  const add = () => run('add', async () => {
    const out = await api<{ webhook: Webhook; secret: string }>('/webhooks', { method: 'POST', body: { url, events, ...(description ? { description } : {}) } });
    setSecret({ url: out.webhook.url, secret: out.secret });
    setUrl(''); setDescription('');
    await load();
    return undefined;
  });
  const ping = (w: Webhook) => run(`ping-${w.id}`, async () => {
    const r = await api<{ delivered: boolean; status_code: number | null; error: string | null; ms: number }>(`/webhooks/${w.id}/test`, { method: 'POST', body: {} });
    await load();
    if (log?.webhook.id === w.id) await showLog(w);
    if (!r.delivered) throw new Error(`The ping to ${w.url} failed: ${r.error ?? 'no answer'}.`);
    return `The ping to ${w.url} was answered ${r.status_code} in ${r.ms} ms.`;
  });
  const showLog = async (w: Webhook) => {
    const r = await api<{ deliveries: Delivery[] }>(`/webhooks/${w.id}/deliveries?limit=20`);
    setLog({ webhook: w, deliveries: r.deliveries });
  };
  const remove = (w: Webhook) => run(`delete-${w.id}`, async () => {
    const done = await confirmed('delete_webhook', { webhook: w.id }, (approval) => api(`/webhooks/${w.id}${confirmQuery(approval)}`, { method: 'DELETE' }));
    if (done === undefined) return undefined;
    if (log?.webhook.id === w.id) setLog(null);
    await load();
    return `The webhook to ${w.url} is deleted.`;
  });
  const toggle = (e: WebhookEvent) => setEvents((list) => (list.includes(e) ? list.filter((x) => x !== e) : [...list, e]));

  return (
    <section className="card" aria-labelledby="webhooks-title">
      <h3 id="webhooks-title">Webhooks</h3>
      <p className="hint">Kith POSTs a signed JSON message to your URL when something happens, from any surface or import. Failed deliveries are retried with growing waits. Each request carries Kith-Webhook-Signature: check it with the webhook&apos;s secret (the README shows how).</p>
      <div className="form-grid">
        <div className="field wide"><label htmlFor="wh-url">URL</label>
          <input id="wh-url" type="url" value={url} placeholder="https://hooks.example.com/kith" onChange={(e) => setUrl(e.target.value)} /></div>
        <fieldset>
          <legend>Events</legend>
          {EVENTS.map(([e, label]) => (
            <label key={e} className="row"><input type="checkbox" checked={events.includes(e)} onChange={() => toggle(e)} /> <span>{label} <span className="hint">({e})</span></span></label>
          ))}
        </fieldset>
        <div className="field"><label htmlFor="wh-description">What it is for (optional)</label>
          <input id="wh-description" value={description} maxLength={200} onChange={(e) => setDescription(e.target.value)} /></div>
        <div className="actions"><button className="btn primary" disabled={!!busy || !url || events.length === 0} onClick={add}>Add webhook</button></div>
      </div>
      {secret && (
        <div role="status" className="webhook-secret">
          <p>The signing secret of the webhook to {secret.url}. Copy it now: it is never shown again.</p>
          <div className="inline-form">
            <input className="grow" readOnly aria-label="Signing secret" value={secret.secret} onFocus={(e) => e.currentTarget.select()} />
            <button className="btn" onClick={() => void navigator.clipboard.writeText(secret.secret)}>Copy</button>
            <button className="btn" onClick={() => setSecret(null)}>Done</button>
          </div>
        </div>
      )}
      {message && <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error-text' : 'hint'}>{message.text}</p>}
      {webhooks && webhooks.length > 0 && (
        <ul className="webhook-list">
          {webhooks.map((w) => (
            <li key={w.id}>
              <div><strong className="webhook-url">{w.url}</strong>{w.description ? <span className="hint"> — {w.description}</span> : null}</div>
              <div className="hint">{w.events.join(', ')} · {w.deliveries.delivered} delivered, {w.deliveries.waiting} waiting, {w.deliveries.failed} failed · last event {when(w.deliveries.last_event_at)}</div>
              <div className="actions">
                <button className="btn" disabled={!!busy} onClick={() => ping(w)}>Send a test ping</button>
                <button className="btn" disabled={!!busy} onClick={() => void showLog(w).catch((e: Error) => setMessage({ text: e.message, error: true }))}>Delivery log</button>
                <button className="btn danger" disabled={!!busy} onClick={() => remove(w)}>Delete</button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {webhooks && webhooks.length === 0 && <p className="hint">No webhooks yet.</p>}
      {log && (
        <div className="sync-summary" aria-label="Delivery log">
          <table>
            <caption>Latest deliveries to {log.webhook.url}</caption>
            <thead><tr><th scope="col">Event</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Last answer</th><th scope="col">Queued</th><th scope="col">Next try</th></tr></thead>
            <tbody>{log.deliveries.length === 0
              ? <tr><td colSpan={6}>Nothing sent yet.</td></tr>
              : log.deliveries.map((d) => (
                <tr key={d.id}><td>{d.event}</td><td>{STATUS[d.status]}</td><td>{d.attempts}</td><td>{d.last_error ?? (d.last_status_code ? `HTTP ${d.last_status_code}` : '—')}</td><td>{when(d.created_at)}</td><td>{d.status === 'pending' ? when(d.next_attempt_at) : '—'}</td></tr>
              ))}</tbody>
          </table>
        </div>
      )}
      {dialog}
    </section>
  );
}
