import { useEffect, useState } from 'react';
import { api } from '../api.js';

export interface Team {
  id: string; name: string; owner_name: string; yours: boolean; created_at: string;
  members: Array<{ user_id: string; name: string; email: string; owner: boolean; added_at: string }>;
  shared: { contacts: number; opportunities: number };
}

/** Team workspaces (Enterprise): create a team, add and remove its members by e-mail, leave one. */
export function TeamsSettings() {
  const [teams, setTeams] = useState<Team[] | null>(null);
  const [name, setName] = useState('');
  const [adding, setAdding] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState('');
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);

  const load = () => api<{ teams: Team[] }>('/teams').then((r) => setTeams(r.teams)).catch((e: Error) => setMessage({ text: e.message, error: true }));
  useEffect(() => { void load(); }, []);
  const run = async (what: string, fn: () => Promise<string>) => {
    setBusy(what); setMessage(null);
    try { setMessage({ text: await fn() }); await load(); } catch (e) { setMessage({ text: (e as Error).message, error: true }); } finally { setBusy(''); }
  };
  const create = () => run('create', async () => {
    const r = await api<{ team: Team }>('/teams', { method: 'POST', body: { name } });
    setName('');
    return `The team ${r.team.name} is made. Add members by the e-mail they sign in with.`;
  });
  const add = (t: Team) => run(`add-${t.id}`, async () => {
    const email = (adding[t.id] ?? '').trim();
    await api(`/teams/${t.id}/members`, { method: 'POST', body: { email } });
    setAdding((a) => ({ ...a, [t.id]: '' }));
    return `${email} is in ${t.name} now.`;
  });
  const remove = (t: Team, email: string, leaving: boolean) => run(`remove-${t.id}-${email}`, async () => {
    if (!window.confirm(leaving ? `Leave ${t.name}? What you shared with it becomes private again.` : `Remove ${email} from ${t.name}? What they shared with it becomes private to them again.`)) return 'Nothing changed.';
    await api(`/teams/${t.id}/members/${encodeURIComponent(email)}`, { method: 'DELETE' });
    return leaving ? `You left ${t.name}.` : `${email} is no longer in ${t.name}.`;
  });

  return (
    <section className="card" aria-labelledby="teams-title">
      <h3 id="teams-title">Teams</h3>
      <p className="hint">Share contacts and opportunities with a team (Enterprise plan). Its members read what is shared and log their own interactions with shared contacts; only a record&apos;s owner changes or deletes it. Your other records stay private. Share a record from its page.</p>
      {teams?.map((t) => (
        <div key={t.id} className="team">
          <h4>{t.name} <span className="muted small">· {t.yours ? 'yours' : `owned by ${t.owner_name}`} · {t.shared.contacts} contacts and {t.shared.opportunities} opportunities shared</span></h4>
          <ul aria-label={`Members of ${t.name}`}>
            {t.members.map((m) => (
              <li key={m.user_id}>{m.name} <span className="muted small">{m.email}{m.owner ? ' · owner' : ''}</span>
                {t.yours && !m.owner && <> <button type="button" className="btn small" disabled={!!busy} onClick={() => remove(t, m.email, false)}>Remove<span className="sr-only"> {m.name}</span></button></>}
              </li>
            ))}
          </ul>
          {t.yours ? (
            <div className="inline-form">
              <label className="sr-only" htmlFor={`add-${t.id}`}>E-mail of the person to add to {t.name}</label>
              <input id={`add-${t.id}`} type="email" placeholder="teammate@example.com" value={adding[t.id] ?? ''} onChange={(e) => setAdding((a) => ({ ...a, [t.id]: e.target.value }))} />
              <button type="button" className="btn" disabled={!!busy || !(adding[t.id] ?? '').trim()} onClick={() => add(t)}>Add member</button>
            </div>
          ) : (
            <MyLeaveButton team={t} busy={!!busy} onLeave={(email) => remove(t, email, true)} />
          )}
        </div>
      ))}
      {teams?.length === 0 && <p className="muted">You are in no team yet.</p>}
      <div className="inline-form">
        <label className="sr-only" htmlFor="team-name">Name of the new team</label>
        <input id="team-name" placeholder="Team name, e.g. Recruiting" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
        <button type="button" className="btn primary" disabled={!!busy || !name.trim()} onClick={create}>Create team</button>
      </div>
      {message && <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error-text' : 'hint'}>{message.text}</p>}
    </section>
  );
}

/** Leaving takes the member's own e-mail: the one /me gives. */
function MyLeaveButton({ team, busy, onLeave }: { team: Team; busy: boolean; onLeave: (email: string) => void }) {
  const [email, setEmail] = useState<string | null>(null);
  useEffect(() => { void api<{ user: { email: string } }>('/me').then((me) => setEmail(me.user.email)); }, []);
  if (!email) return null;
  return <button type="button" className="btn" disabled={busy} onClick={() => onLeave(email)}>Leave {team.name}</button>;
}
