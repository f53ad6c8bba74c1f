import { useEffect, useState } from 'react';
import { api } from '../api.js';

type Provider = 'hubspot' | 'salesforce';
interface CrmAccount { provider: Provider; base_url: string; login_url: string | null; last_sync_at: string | null; last_sync_error: string | null; linked: { contacts: number; opportunities: number; interactions: number } }
interface SyncConflict { kind: string; record: string; field: string; kith_value: string | null; remote_value: string | null; kept: string }
interface SyncReport {
  provider: Provider; dry_run: boolean; incremental: boolean;
  contacts: { created_in_kith: number; updated_in_kith: number; created_remote: number; updated_remote: number; linked: number };
  opportunities: { created_remote: number; updated_remote: number; updated_in_kith: number };
  interactions: { created_remote: number };
  conflicts: SyncConflict[]; changes: { kind: string; action: string; record: string; fields?: string[] }[]; rate_limited: number;
}

const NAME: Record<Provider, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce' };
const EMPTY = { access_token: '', base_url: '', instance_url: '', login_url: '', client_id: '', client_secret: '', refresh_token: '' };

/** HubSpot and Salesforce (Enterprise): connect, preview a sync (dry run), sync, and see each conflict and how it was settled. */
export function CrmSyncSettings() {
  const [accounts, setAccounts] = useState<CrmAccount[] | null>(null);
  const [refused, setRefused] = useState('');
  const [provider, setProvider] = useState<Provider>('hubspot');
  const [form, setForm] = useState(EMPTY);
  const [busy, setBusy] = useState('');
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [report, setReport] = useState<SyncReport | null>(null);

  const load = () => api<{ accounts: CrmAccount[] }>('/tools/crm_sync_status', { method: 'POST', body: {} })
    .then((r) => setAccounts(r.accounts)).catch((e: Error) => setRefused(e.message));
  useEffect(() => { void load(); }, []);

  const run = async (what: string, fn: () => Promise<string>) => {
    setBusy(what); setMessage(null);
    try { setMessage({ text: await fn() }); } catch (e) { setMessage({ text: (e as Error).message, error: true }); } finally { setBusy(''); }
  };
  const connect = () => run('connect', async () => {
    const fields = provider === 'hubspot' ? ['access_token', 'base_url'] : ['instance_url', 'login_url', 'client_id', 'client_secret', 'refresh_token'];
    const body: Record<string, string> = { provider };
    for (const f of fields) if (form[f as keyof typeof form]) body[f] = form[f as keyof typeof form];
    await api('/tools/connect_crm', { method: 'POST', body });
    setForm(EMPTY); await load();
    return `${NAME[provider]} is connected. Preview a sync to see what it would change.`;
  });
  const sync = (dry: boolean) => run(dry ? 'preview' : 'sync', async () => {
    const r = await api<SyncReport>('/tools/sync_crm', { method: 'POST', body: { provider, dry_run: dry } });
    setReport(r); await load();
    return dry ? 'Nothing was changed: this is what a sync would do.' : `Synced with ${NAME[provider]}.`;
  });

  const account = accounts?.find((a) => a.provider === provider);
  const field = (id: keyof typeof EMPTY, label: string, type = 'text', placeholder = '') => (
    <div className="field"><label htmlFor={`crm-${id}`}>{label}</label>
      <input id={`crm-${id}`} type={type} value={form[id]} placeholder={placeholder} autoComplete="off" onChange={(e) => setForm({ ...form, [id]: e.target.value })} /></div>
  );

  return (
    <section className="card" aria-labelledby="crm-title">
      <h3 id="crm-title">HubSpot and Salesforce</h3>
      <p className="hint">Two-way sync of contacts, your opportunities as deals (stages mapped) and your interactions as activities. A field changed on both sides keeps the value written last; each such conflict is listed after the sync. Credentials are stored encrypted and never shown again.</p>
      {refused ? <p className="hint" role="status">{refused}</p> : (
        <>
          <div className="inline-form" role="radiogroup" aria-label="CRM">
            {(['hubspot', 'salesforce'] as const).map((p) => (
              <label key={p} className="row"><input type="radio" name="crm-provider" checked={provider === p} onChange={() => { setProvider(p); setReport(null); setMessage(null); }} /> {NAME[p]}{accounts?.some((a) => a.provider === p) ? ' (connected)' : ''}</label>
            ))}
          </div>
          <div className="form-grid compact">
            {provider === 'hubspot' ? <>
              {field('access_token', 'Private app access token', 'password', account ? 'saved (enter a new one to replace it)' : 'pat-na1-…')}
              {field('base_url', 'API address', 'url', 'https://api.hubapi.com')}
            </> : <>
              {field('instance_url', 'Instance URL', 'url', account?.base_url ?? 'https://yourorg.my.salesforce.com')}
              {field('login_url', 'Login URL', 'url', 'https://login.salesforce.com')}
              {field('client_id', 'Consumer key')}
              {field('client_secret', 'Consumer secret', 'password')}
              {field('refresh_token', 'Refresh token', 'password', account ? 'saved (enter a new one to replace it)' : '')}
            </>}
          </div>
          <div className="actions">
            <button className="btn primary" disabled={!!busy} onClick={connect}>{account ? 'Replace credentials' : `Connect ${NAME[provider]}`}</button>
            {account && <button className="btn" disabled={!!busy} onClick={() => sync(true)}>Preview sync</button>}
            {account && <button className="btn" disabled={!!busy} onClick={() => sync(false)}>Sync now</button>}
            {account && <span className="hint">{account.last_sync_at ? `Last synced ${new Date(account.last_sync_at).toLocaleString()}` : 'Not synced yet'} · {account.linked.contacts} contacts, {account.linked.opportunities} deals, {account.linked.interactions} activities linked</span>}
          </div>
          {(busy === 'sync' || busy === 'preview') && <progress aria-label={`Syncing with ${NAME[provider]}`} />}
          {message && <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error-text' : 'hint'}>{message.text}</p>}
          {report && <SyncSummary report={report} />}
        </>
      )}
    </section>
  );
}

function SyncSummary({ report: r }: { report: SyncReport }) {
  const name = NAME[r.provider];
  return (
    <div className="sync-summary" aria-label="Sync result">
      <ul>
        <li>Contacts: {r.contacts.created_in_kith} added and {r.contacts.updated_in_kith} updated in Kith; {r.contacts.created_remote} added and {r.contacts.updated_remote} updated in {name}; {r.contacts.linked} matched by e-mail</li>
        <li>Opportunities: {r.opportunities.created_remote} added and {r.opportunities.updated_remote} updated in {name}; {r.opportunities.updated_in_kith} stages moved in Kith</li>
        <li>Interactions: {r.interactions.created_remote} added to {name}</li>
        {r.rate_limited > 0 && <li>{name} asked Kith to slow down {r.rate_limited} times; the sync waited and went on.</li>}
      </ul>
      {r.conflicts.length > 0 && (
        <table>
          <caption>Changed on both sides: the value written last was kept</caption>
          <thead><tr><th scope="col">Record</th><th scope="col">Field</th><th scope="col">Kith</th><th scope="col">{name}</th><th scope="col">Kept</th></tr></thead>
          <tbody>{r.conflicts.map((c, i) => (
            <tr key={i}><td>{c.record}</td><td>{c.field.replace('_', ' ')}</td><td>{c.kith_value ?? '—'}</td><td>{c.remote_value ?? '—'}</td><td>{c.kept === 'kith' ? 'Kith' : name}</td></tr>
          ))}</tbody>
        </table>
      )}
    </div>
  );
}
