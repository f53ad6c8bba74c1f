import { useEffect, useState } from 'react';
import { api, ApiError, notifyChanged } from '../api.js';
import { useFormat } from '../format.js';

interface Server { host: string | null; port: number; security: 'tls' | 'starttls' | 'none'; user: string | null; password: 'set' | 'not set' }
interface Account {
  own_address: string; display_name: string | null; imap: Server; smtp: Server; folders: string[];
  sync_enabled: boolean; no_reply_days: number; last_sync_at: string | null; last_sync_error: string | null; last_sync_count: number | null;
}
interface Sender { id: string; address: string; name: string | null; message_count: number; last_subject: string | null }
interface Suggestion { id: string; summary: string; reason: string | null }

const tool = <T,>(name: string, input: unknown) => api<T>(`/tools/${name}`, { method: 'POST', body: input });

type Draft = Record<string, string>;

function draftOf(a: Account | null): Draft {
  return {
    own_address: a?.own_address ?? '', display_name: a?.display_name ?? '',
    imap_host: a?.imap.host ?? '', imap_port: a?.imap.host ? String(a.imap.port) : '', imap_security: a?.imap.security ?? 'tls', imap_user: a?.imap.user ?? '', imap_password: '',
    smtp_host: a?.smtp.host ?? '', smtp_port: a?.smtp.host ? String(a.smtp.port) : '', smtp_security: a?.smtp.security ?? 'starttls', smtp_user: a?.smtp.user ?? '', smtp_password: '',
    folders: (a?.folders ?? ['INBOX', 'Sent']).join(', '), no_reply_days: String(a?.no_reply_days ?? 7),
  };
}

/** What connect_mailbox gets: only the fields filled in (a password left empty keeps the stored one). */
function inputOf(d: Draft) {
  const out: Record<string, unknown> = {};
  for (const k of ['own_address', 'display_name', 'imap_host', 'imap_user', 'imap_password', 'smtp_host', 'smtp_user', 'smtp_password', 'imap_security', 'smtp_security']) if (d[k].trim()) out[k] = d[k].trim();
  for (const k of ['imap_port', 'smtp_port', 'no_reply_days']) if (d[k].trim()) out[k] = Number(d[k]);
  const folders = d.folders.split(',').map((f) => f.trim()).filter(Boolean);
  if (folders.length) out.folders = folders;
  return out;
}

function ServerFields({ kind, draft, set, account }: { kind: 'imap' | 'smtp'; draft: Draft; set: (k: string, v: string) => void; account: Account | null }) {
  const label = kind === 'imap' ? 'Reading (IMAP)' : 'Sending (SMTP)';
  const f = (name: string) => `${kind}_${name}`;
  return (
    <fieldset>
      <legend>{label}</legend>
      <div className="field"><label htmlFor={f('host')}>Server</label><input id={f('host')} value={draft[f('host')]} placeholder={kind === 'imap' ? 'imap.fastmail.com' : 'smtp.fastmail.com'} onChange={(e) => set(f('host'), e.target.value)} /></div>
      <div className="form-grid compact">
        <div className="field"><label htmlFor={f('port')}>Port</label><input id={f('port')} inputMode="numeric" value={draft[f('port')]} placeholder={kind === 'imap' ? '993' : '587'} onChange={(e) => set(f('port'), e.target.value)} /></div>
        <div className="field"><label htmlFor={f('security')}>Security</label>
          <select id={f('security')} value={draft[f('security')]} onChange={(e) => set(f('security'), e.target.value)}>
            <option value="tls">TLS</option><option value="starttls">STARTTLS</option><option value="none">None (this machine only)</option>
          </select></div>
      </div>
      <div className="field"><label htmlFor={f('user')}>User</label><input id={f('user')} autoComplete="username" value={draft[f('user')]} onChange={(e) => set(f('user'), e.target.value)} /></div>
      <div className="field"><label htmlFor={f('password')}>Password or app password</label>
        <input id={f('password')} type="password" autoComplete="new-password" value={draft[f('password')]} placeholder={account?.[kind].password === 'set' ? 'set (leave empty to keep)' : 'not set'} onChange={(e) => set(f('password'), e.target.value)} /></div>
    </fieldset>
  );
}

/** #/mail: connect the mailbox, choose folders, see the last sync, answer unknown senders and suggestions. */
export function MailSettingsPage() {
  const fmt = useFormat();
  const [account, setAccount] = useState<Account | null | undefined>(undefined);
  const [draft, setDraft] = useState<Draft>(draftOf(null));
  const [senders, setSenders] = useState<Sender[]>([]);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const [syncing, setSyncing] = useState(false);

  const load = async () => {
    const [a, s, g] = await Promise.all([
      tool<{ account: Account | null }>('get_mail_account', {}), tool<{ senders: Sender[] }>('list_unknown_senders', {}), tool<{ suggestions: Suggestion[] }>('list_suggestions', {}),
    ]);
    setAccount(a.account);
    setSenders(s.senders);
    setSuggestions(g.suggestions);
    return a.account;
  };
  useEffect(() => { void load().then((a) => setDraft(draftOf(a))); }, []);
  const set = (k: string, v: string) => setDraft((d) => ({ ...d, [k]: v }));

  const save = async () => {
    setError(''); setMessage('');
    try {
      const { account: saved } = await tool<{ account: Account }>('connect_mailbox', inputOf(draft));
      setAccount(saved);
      setDraft(draftOf(saved));
      setMessage('Saved. Passwords are stored encrypted.');
    } catch (e) { setError(e instanceof ApiError ? e.message : String(e)); }
  };

  const syncNow = async () => {
    setSyncing(true); setError(''); setMessage('');
    const before = account?.last_sync_at ?? null;
    try {
      await api('/mail/sync', { method: 'POST' });
      for (let i = 0; i < 150; i++) {
        await new Promise((r) => setTimeout(r, 1000));
        const a = await load();
        if (a && (a.last_sync_at !== before || (a.last_sync_error && a.last_sync_error !== account?.last_sync_error))) break;
      }
      notifyChanged();
    } finally { setSyncing(false); }
  };

  const answerSender = async (s: Sender, action: 'add' | 'dismiss') => {
    const r = await tool<{ message: string }>('answer_unknown_sender', { sender_id: s.id, action });
    setMessage(r.message);
    await load();
    notifyChanged();
  };
  const answerSuggestion = async (s: Suggestion, accept: boolean) => {
    const r = await tool<{ message: string }>('answer_suggestion', { suggestion_id: s.id, accept });
    setMessage(r.message);
    await load();
    notifyChanged();
  };

  if (account === undefined) return <p className="muted">Loading…</p>;
  return (
    <div className="form-page mail-settings">
      <div className="page-head"><h2>Mail</h2></div>
      <section className="card" aria-labelledby="sync-title">
        <h3 id="sync-title">Sync</h3>
        {account ? (
          <p>
            {account.last_sync_at ? <>Last synced {fmt.instant(account.last_sync_at)}{account.last_sync_count !== null ? ` (${account.last_sync_count} new)` : ''}.</> : 'Not synced yet.'}
            {' '}Folders: {account.folders.join(', ')}.
          </p>
        ) : <p className="muted">Connect your mailbox below: Kith then logs your e-mail threads with your contacts by itself.</p>}
        {account?.last_sync_error && <p role="alert" className="error-text">{account.last_sync_error}</p>}
        <div className="actions"><button type="button" className="btn primary" disabled={!account?.imap.host || syncing} onClick={() => void syncNow()}>{syncing ? 'Syncing…' : 'Sync now'}</button></div>
      </section>

      <section className="card" aria-labelledby="senders-title">
        <h3 id="senders-title">New people in your mail</h3>
        {senders.length === 0 ? <p className="muted">No one waiting: everyone who wrote to you is a contact or was dismissed.</p> : (
          <ul className="mail-list">{senders.map((s) => (
            <li key={s.id} className="row">
              <span className="grow"><strong>{s.name ?? s.address}</strong>{s.name && <span className="muted"> {s.address}</span>}<br /><span className="small muted">{s.message_count} {s.message_count === 1 ? 'message' : 'messages'}{s.last_subject ? `, last: ${s.last_subject}` : ''}</span></span>
              <span className="row-actions">
                <button type="button" className="btn" onClick={() => void answerSender(s, 'add')} aria-label={`Add ${s.name ?? s.address} as a contact`}>Add</button>
                <button type="button" className="btn" onClick={() => void answerSender(s, 'dismiss')} aria-label={`Dismiss ${s.name ?? s.address}`}>Dismiss</button>
              </span>
            </li>
          ))}</ul>
        )}
      </section>

      <section className="card" aria-labelledby="suggestions-title">
        <h3 id="suggestions-title">Suggestions from replies</h3>
        {suggestions.length === 0 ? <p className="muted">Nothing to confirm.</p> : (
          <ul className="mail-list">{suggestions.map((s) => (
            <li key={s.id} className="row">
              <span className="grow">{s.summary}{s.reason && <><br /><span className="small muted">{s.reason}</span></>}</span>
              <span className="row-actions">
                <button type="button" className="btn primary" onClick={() => void answerSuggestion(s, true)}>Accept</button>
                <button type="button" className="btn" onClick={() => void answerSuggestion(s, false)}>Decline</button>
              </span>
            </li>
          ))}</ul>
        )}
      </section>

      <form className="form-grid" aria-labelledby="connect-title" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <h3 id="connect-title" className="wide">{account ? 'Mailbox' : 'Connect your mailbox'}</h3>
        <p className="wide muted small">Gmail, Outlook and iCloud need an app password (or an OAuth token through the API). Passwords are stored encrypted and never shown again.</p>
        <div className="field"><label htmlFor="own_address">Your address</label><input id="own_address" type="email" autoComplete="email" required value={draft.own_address} onChange={(e) => set('own_address', e.target.value)} /></div>
        <div className="field"><label htmlFor="display_name">Your name</label><input id="display_name" autoComplete="name" value={draft.display_name} onChange={(e) => set('display_name', e.target.value)} /></div>
        <ServerFields kind="imap" draft={draft} set={set} account={account} />
        <ServerFields kind="smtp" draft={draft} set={set} account={account} />
        <div className="field"><label htmlFor="folders">Folders to read</label><input id="folders" value={draft.folders} onChange={(e) => set('folders', e.target.value)} /></div>
        <div className="field"><label htmlFor="no_reply_days">No response after (days)</label><input id="no_reply_days" inputMode="numeric" value={draft.no_reply_days} onChange={(e) => set('no_reply_days', e.target.value)} /></div>
        <div className="actions">
          <button type="submit" className="btn primary">Save</button>
          {message && <span role="status" className="small">{message}</span>}
          {error && <span role="alert" className="error-text">{error}</span>}
        </div>
      </form>
    </div>
  );
}
