import { useState } from 'react';
import { startRegistration } from '@simplewebauthn/browser';
import { api, setCsrfToken } from '../api.js';
import { useApi } from '../hooks.js';

interface Me { user: { email: string; display_name: string | null; role: string; plan: string | null; email_verified: boolean }; local_owner: boolean; scope: string; csrf_token: string | null }
interface Passkey { id: string; name: string | null; created_at: string; last_used_at: string | null }
interface Session { id: string; method: string; user_agent: string | null; created_at: string; current: boolean }
interface Token { id: string; label: string | null; scope: 'read' | 'write' | 'admin'; created_at: string; last_used_at: string | null; expires_at: string | null; expired: boolean }

const SCOPES: Array<[Token['scope'], string]> = [['read', 'Read: read-only tools'], ['write', 'Write: every tool'], ['admin', 'Admin: every tool, and managing tokens']];
const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString() : '—');

/** #/account: who is signed in, sign-out (here, everywhere), passkeys, and API tokens. */
export function AccountPage() {
  const me = useApi<Me>('/me');
  const hasSession = !!me.data?.csrf_token;
  const passkeys = useApi<{ passkeys: Passkey[] }>(hasSession ? '/auth/passkeys' : null);
  const sessions = useApi<{ sessions: Session[] }>(hasSession ? '/auth/sessions' : null);
  const tokens = useApi<{ tokens: Token[] }>(me.data && me.data.scope === 'admin' ? '/tokens' : null);
  const [message, setMessage] = useState<{ where: string; text: string; error?: boolean } | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [newToken, setNewToken] = useState({ label: '', scope: 'read' as Token['scope'], expires: '' });

  const act = async (where: string, fn: () => Promise<string | void>) => {
    setMessage(null);
    try { const text = await fn(); if (text) setMessage({ where, text }); } catch (err) { setMessage({ where, text: (err as Error).message, error: true }); }
  };
  const note = (where: string) => (message?.where === where ? <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error-text' : 'hint'}>{message.text}</p> : null);
  const leave = async (path: string) => {
    await api(path, { method: 'POST', body: {} });
    setCsrfToken(null);
    window.location.hash = '#/';
    window.dispatchEvent(new Event('kith:signin'));
  };
  const addPasskey = () => act('passkeys', async () => {
    const { challenge_id, options } = await api<{ challenge_id: string; options: Parameters<typeof startRegistration>[0]['optionsJSON'] }>('/auth/passkeys/register/options', { method: 'POST', body: {} });
    const response = await startRegistration({ optionsJSON: options });
    await api('/auth/passkeys/register/verify', { method: 'POST', body: { challenge_id, response, name: navigator.platform || 'Passkey' } });
    passkeys.reload();
    return 'Passkey added: you can sign in with it on this device.';
  });
  const createToken = (e: React.FormEvent) => {
    e.preventDefault();
    void act('tokens', async () => {
      const body = { label: newToken.label || undefined, scope: newToken.scope, expires_at: newToken.expires ? new Date(`${newToken.expires}T23:59:59`).toISOString() : undefined };
      const r = await api<{ token: string }>('/tokens', { method: 'POST', body });
      setCreated(r.token);
      setNewToken({ label: '', scope: 'read', expires: '' });
      tokens.reload();
    });
  };

  const u = me.data?.user;
  return (
    <div className="account-page">
      <div className="page-head"><h2>Account</h2></div>
      <section className="card" aria-labelledby="account-title">
        <h3 id="account-title">Signed in</h3>
        {u && <p>{u.display_name ? `${u.display_name} · ` : ''}{u.email}{u.email_verified ? '' : ' (not confirmed)'} · {u.role} · {u.plan ? `${u.plan} plan` : 'no plan'}</p>}
        {hasSession && (
          <div className="actions">
            <button className="btn" onClick={() => void act('account', () => leave('/auth/sign-out'))}>Sign out</button>
            <button className="btn danger" onClick={() => void act('account', () => leave('/auth/sign-out-everywhere'))}>Sign out everywhere</button>
            <span className="hint">{sessions.data ? `${sessions.data.sessions.length} signed-in session${sessions.data.sessions.length === 1 ? '' : 's'}` : ''}</span>
          </div>
        )}
        {note('account')}
      </section>

      {hasSession && (
        <section className="card" aria-labelledby="passkeys-title">
          <h3 id="passkeys-title">Passkeys</h3>
          <p className="hint">Sign in with this device's screen lock or a security key instead of the password.</p>
          <ul className="list">{passkeys.data?.passkeys.map((p) => (
            <li key={p.id} className="row"><span className="grow">{p.name ?? 'Passkey'} · added {day(p.created_at)} · last used {day(p.last_used_at)}</span>
              <button className="btn small" onClick={() => void act('passkeys', async () => { await api(`/auth/passkeys/${encodeURIComponent(p.id)}`, { method: 'DELETE' }); passkeys.reload(); return 'Passkey removed.'; })}>Remove<span className="sr-only"> passkey {p.name}</span></button></li>
          ))}</ul>
          {passkeys.data?.passkeys.length === 0 && <p className="hint">No passkey yet.</p>}
          <div className="actions"><button className="btn primary" onClick={() => void addPasskey()}>Add a passkey</button></div>
          {note('passkeys')}
        </section>
      )}

      {tokens.data && (
        <section className="card" aria-labelledby="tokens-title">
          <h3 id="tokens-title">API tokens</h3>
          <p className="hint">For scripts, MCP clients and the browser extension: send <code>Authorization: Bearer &lt;token&gt;</code>. A token is shown once, when it is made.</p>
          <table className="contacts-table" aria-label="API tokens">
            <thead><tr><th>Label</th><th>Scope</th><th>Made</th><th>Last used</th><th>Expires</th><th><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>{tokens.data.tokens.map((t) => (
              <tr key={t.id} data-token-id={t.id}><td>{t.label ?? '—'}</td><td>{t.scope}</td><td>{day(t.created_at)}</td><td>{day(t.last_used_at)}</td><td>{t.expired ? 'expired' : day(t.expires_at)}</td>
                <td><button className="btn small" onClick={() => void act('tokens', async () => { await api(`/tokens/${t.id}`, { method: 'DELETE' }); tokens.reload(); return `Revoked ${t.label ?? 'the token'}.`; })}>Revoke<span className="sr-only"> {t.label ?? 'token'}</span></button></td></tr>
            ))}</tbody>
          </table>
          {tokens.data.tokens.length === 0 && <p className="hint">No tokens yet.</p>}
          <form className="inline-form" aria-label="New token" onSubmit={createToken}>
            <label className="inline">Label <input value={newToken.label} onChange={(e) => setNewToken({ ...newToken, label: e.target.value })} placeholder="e.g. Claude Desktop" /></label>
            <label className="inline">Scope <select value={newToken.scope} onChange={(e) => setNewToken({ ...newToken, scope: e.target.value as Token['scope'] })}>{SCOPES.map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select></label>
            <label className="inline">Expires <input type="date" value={newToken.expires} onChange={(e) => setNewToken({ ...newToken, expires: e.target.value })} /></label>
            <button type="submit" className="btn primary">Create token</button>
          </form>
          {created && <div className="card done" role="status"><p>Copy the token now: it is not shown again.</p><input readOnly aria-label="New token" className="grow" value={created} onFocus={(e) => e.currentTarget.select()} /></div>}
          {note('tokens')}
        </section>
      )}
    </div>
  );
}
