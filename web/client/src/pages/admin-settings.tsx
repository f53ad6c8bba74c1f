import { useEffect, useState } from 'react';
import { api } from '../api.js';

interface AdminUser {
  id: string; email: string; display_name: string | null; role: 'owner' | 'admin' | 'member'; plan: string | null; plan_title: string | null;
  disabled: boolean; created_at: string; contacts: number; opportunities: number; interactions: number;
}
type Role = AdminUser['role'];

const PLANS: Array<[string, string]> = [['none', 'No plan (no limits)'], ['free', 'Free'], ['personal', 'Personal'], ['professional', 'Professional'], ['enterprise', 'Enterprise']];

/**
 * Users and plans, for the owner and the admins of this Kith only: a member is not shown this
 * section (and the server refuses them the admin tools whatever the page shows).
 */
export function AdminSettings() {
  const [role, setRole] = useState<Role | null>(null);
  useEffect(() => { void api<{ user: { role: Role } }>('/me').then((me) => setRole(me.user.role)).catch(() => setRole(null)); }, []);
  if (role !== 'owner' && role !== 'admin') return null;
  return <AdminUsers myRole={role} />;
}

function AdminUsers({ myRole }: { myRole: Role }) {
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [query, setQuery] = useState('');
  const [draft, setDraft] = useState({ email: '', display_name: '', role: 'member', plan: 'free' });
  const [busy, setBusy] = useState('');
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);

  const load = (q = query) => api<{ users: AdminUser[] }>(`/admin/users?limit=200${q.trim() ? `&q=${encodeURIComponent(q.trim())}` : ''}`)
    .then((r) => setUsers(r.users)).catch((e: Error) => setMessage({ text: e.message, error: true }));
  useEffect(() => { void load(''); }, []);
  const run = async (what: string, fn: () => Promise<string>) => {
    setBusy(what); setMessage(null);
    try { setMessage({ text: await fn() }); await load(); } catch (e) { setMessage({ text: (e as Error).message, error: true }); } finally { setBusy(''); }
  };
  const who = (u: AdminUser) => u.display_name || u.email;
  const create = () => run('create', async () => {
    const r = await api<{ user: AdminUser }>('/admin/users', { method: 'POST', body: { email: draft.email, ...(draft.display_name ? { display_name: draft.display_name } : {}), role: draft.role, plan: draft.plan } });
    setDraft({ email: '', display_name: '', role: 'member', plan: 'free' });
    return `${r.user.email} can use this Kith now: they set a password with "Forgot password" on the sign-in page.`;
  });
  const setPlan = (u: AdminUser, plan: string) => run(`plan-${u.id}`, async () => {
    const r = await api<{ user: AdminUser }>(`/admin/users/${u.id}/plan`, { method: 'POST', body: { plan } });
    return `${who(u)} is on ${r.user.plan_title ?? 'no plan'}.`;
  });
  const setUserRole = (u: AdminUser, role: string) => run(`role-${u.id}`, async () => {
    await api(`/admin/users/${u.id}/role`, { method: 'POST', body: { role } });
    return `${who(u)} is ${role === 'admin' ? 'an admin' : 'a member'} now.`;
  });
  const toggle = (u: AdminUser) => run(`disable-${u.id}`, async () => {
    if (!u.disabled && !window.confirm(`Disable ${who(u)}? Their sessions end now and their tokens stop working; their data is kept.`)) return 'Nothing changed.';
    await api(`/admin/users/${u.id}/${u.disabled ? 'enable' : 'disable'}`, { method: 'POST', body: {} });
    return u.disabled ? `${who(u)} is enabled again.` : `${who(u)} is disabled.`;
  });

  return (
    <section className="card" aria-labelledby="admin-title">
      <h3 id="admin-title">Users and plans</h3>
      <p className="hint">You are {myRole === 'owner' ? 'the owner' : 'an admin'} of this Kith. Admins manage users and plans; only the owner makes admins. The owner cannot be disabled. A disabled user&apos;s sessions end at once and their tokens are refused until they are enabled.</p>
      <div className="inline-form">
        <label className="sr-only" htmlFor="admin-q">Find users</label>
        <input id="admin-q" type="search" placeholder="E-mail or name" value={query} onChange={(e) => setQuery(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') void load(); }} />
        <button type="button" className="btn" onClick={() => load()}>Find</button>
      </div>
      {users && (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="sr-only">Users of this Kith</caption>
            <thead><tr><th scope="col">User</th><th scope="col">Role</th><th scope="col">Plan</th><th scope="col">Keeps</th><th scope="col">Access</th></tr></thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>{who(u)}{u.display_name && <div className="muted small">{u.email}</div>}</td>
                  <td>{myRole === 'owner' && u.role !== 'owner' ? (
                    <select aria-label={`Role of ${who(u)}`} value={u.role} disabled={!!busy} onChange={(e) => setUserRole(u, e.target.value)}>
                      <option value="member">Member</option><option value="admin">Admin</option>
                    </select>
                  ) : u.role}</td>
                  <td>
                    <select aria-label={`Plan of ${who(u)}`} value={u.plan ?? 'none'} disabled={!!busy} onChange={(e) => setPlan(u, e.target.value)}>
                      {PLANS.map(([value, title]) => <option key={value} value={value}>{title}</option>)}
                    </select>
                  </td>
                  <td className="small">{u.contacts} contacts · {u.opportunities} opportunities · {u.interactions} interactions</td>
                  <td>{u.role === 'owner' ? <span className="muted small">always</span> : (
                    <button type="button" className={`btn small${u.disabled ? '' : ' danger'}`} disabled={!!busy || (u.role === 'admin' && myRole !== 'owner')} onClick={() => toggle(u)}>
                      {u.disabled ? 'Enable' : 'Disable'}<span className="sr-only"> {who(u)}</span>
                    </button>
                  )}{u.disabled && <div className="muted small">disabled</div>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h4>Add a user</h4>
      <div className="form-grid compact">
        <div className="field"><label htmlFor="new-email">E-mail</label><input id="new-email" type="email" value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.target.value })} autoComplete="off" /></div>
        <div className="field"><label htmlFor="new-name">Name (optional)</label><input id="new-name" value={draft.display_name} onChange={(e) => setDraft({ ...draft, display_name: e.target.value })} autoComplete="off" /></div>
        <div className="field"><label htmlFor="new-role">Role</label>
          <select id="new-role" value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value })}>
            <option value="member">Member</option>{myRole === 'owner' && <option value="admin">Admin</option>}
          </select></div>
        <div className="field"><label htmlFor="new-plan">Plan</label>
          <select id="new-plan" value={draft.plan} onChange={(e) => setDraft({ ...draft, plan: e.target.value })}>
            {PLANS.map(([value, title]) => <option key={value} value={value}>{title}</option>)}
          </select></div>
      </div>
      <div className="actions"><button type="button" className="btn primary" disabled={!!busy || !draft.email.trim()} onClick={create}>Add user</button></div>
      {message && <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error-text' : 'hint'}>{message.text}</p>}
    </section>
  );
}
