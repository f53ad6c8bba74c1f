import { useEffect, useState } from 'react';
import { startAuthentication } from '@simplewebauthn/browser';
import { api } from '../api.js';

type Mode = 'sign-in' | 'sign-up' | 'forgot' | 'token';
interface AuthConfig { sign_up: 'open' | 'closed'; mail: boolean; passkeys: boolean }

const linkToken = () => new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('token') ?? '';
/** Leaves the e-mailed link's address without keeping the token in the history, and tells the router. */
const leaveLink = () => {
  history.replaceState(null, '', `${window.location.pathname}#/`);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
};

/** Sign-in for a hosted Kith: password, passkey, a new account, a reset link, or an API token. */
export function SignIn({ onDone }: { onDone: () => void }) {
  const [mode, setMode] = useState<Mode>('sign-in');
  const [config, setConfig] = useState<AuthConfig | null>(null);
  const [form, setForm] = useState({ email: '', password: '', display_name: '', token: '' });
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { void api<AuthConfig>('/auth/config').then(setConfig, () => setConfig({ sign_up: 'closed', mail: false, passkeys: false })); }, []);

  const run = async (fn: () => Promise<string | void>) => {
    setBusy(true); setMessage(null);
    try {
      const text = await fn();
      if (text) setMessage({ text }); else onDone();
    } catch (err) { setMessage({ text: (err as Error).message, error: true }); } finally { setBusy(false); }
  };
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void run(async () => {
      if (mode === 'sign-in') await api('/auth/sign-in', { method: 'POST', body: { email: form.email, password: form.password } });
      else if (mode === 'sign-up') {
        const r = await api<{ signed_in: boolean; verification_sent: boolean }>('/auth/sign-up', { method: 'POST', body: { email: form.email, password: form.password, display_name: form.display_name || undefined } });
        if (!r.signed_in) return `Check your mail: we sent a link to ${form.email} to confirm it.`;
      } else if (mode === 'forgot') return (await api<{ message: string }>('/auth/forgot-password', { method: 'POST', body: { email: form.email } })).message;
      else await api('/session', { method: 'POST', body: { token: form.token } });
    });
  };
  const passkey = () => run(async () => {
    const { challenge_id, options } = await api<{ challenge_id: string; options: Parameters<typeof startAuthentication>[0]['optionsJSON'] }>('/auth/passkeys/sign-in/options', { method: 'POST', body: {} });
    const response = await startAuthentication({ optionsJSON: options });
    await api('/auth/passkeys/sign-in/verify', { method: 'POST', body: { challenge_id, response } });
  });
  const titles: Record<Mode, string> = { 'sign-in': 'Sign in', 'sign-up': 'Create an account', forgot: 'Reset your password', token: 'Sign in with an API token' };

  return (
    <main className="signin" id="main">
      <h1 className="logo">Kith</h1>
      <h2>{titles[mode]}</h2>
      <form onSubmit={submit} aria-label={titles[mode]}>
        {mode === 'token' ? (
          <>
            <label>API token <input type="password" autoComplete="off" value={form.token} onChange={set('token')} required /></label>
            <p className="muted small">Create one with <code>kith token create --user you@example.com</code>.</p>
          </>
        ) : (
          <>
            {mode === 'sign-up' && <label>Name <input autoComplete="name" value={form.display_name} onChange={set('display_name')} /></label>}
            <label>E-mail <input type="email" autoComplete={mode === 'sign-up' ? 'email' : 'username webauthn'} value={form.email} onChange={set('email')} required /></label>
            {mode !== 'forgot' && <label>Password <input type="password" autoComplete={mode === 'sign-up' ? 'new-password' : 'current-password'} minLength={mode === 'sign-up' ? 10 : undefined} value={form.password} onChange={set('password')} required /></label>}
            {mode === 'sign-up' && <p className="muted small">At least 10 characters. New accounts start on the Free plan.</p>}
          </>
        )}
        <button type="submit" className="btn primary" disabled={busy}>{mode === 'forgot' ? 'Send the reset link' : mode === 'sign-up' ? 'Create account' : 'Sign in'}</button>
        {mode === 'sign-in' && config?.passkeys && window.PublicKeyCredential && <button type="button" className="btn" disabled={busy} onClick={() => void passkey()}>Sign in with a passkey</button>}
        {message && <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error-text' : 'hint'}>{message.text}</p>}
      </form>
      <nav aria-label="Other ways in" className="signin-links">
        {mode !== 'sign-in' && <button type="button" className="link" onClick={() => { setMode('sign-in'); setMessage(null); }}>Sign in</button>}
        {mode !== 'sign-up' && config?.sign_up === 'open' && <button type="button" className="link" onClick={() => { setMode('sign-up'); setMessage(null); }}>Create an account</button>}
        {mode !== 'forgot' && config?.mail && <button type="button" className="link" onClick={() => { setMode('forgot'); setMessage(null); }}>Forgot your password?</button>}
        {mode !== 'token' && <button type="button" className="link" onClick={() => { setMode('token'); setMessage(null); }}>Use an API token</button>}
      </nav>
    </main>
  );
}

/** #/verify-email?token=…: confirms the address and signs in. */
export function VerifyEmail({ onDone }: { onDone: () => void }) {
  const [error, setError] = useState('');
  useEffect(() => {
    api('/auth/verify-email', { method: 'POST', body: { token: linkToken() } }).then(() => { leaveLink(); onDone(); }, (e: Error) => setError(e.message));
  }, []);
  return (
    <main className="signin" id="main">
      <h1 className="logo">Kith</h1>
      {error ? <><p role="alert" className="error-text">{error}</p><a href="#/" onClick={() => { leaveLink(); onDone(); }}>Sign in</a></> : <p role="status">Confirming your e-mail…</p>}
    </main>
  );
}

/** #/reset-password?token=…: a new password from the link in the e-mail. */
export function ResetPassword({ onDone }: { onDone: () => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  return (
    <main className="signin" id="main">
      <h1 className="logo">Kith</h1>
      <h2>Choose a new password</h2>
      <form aria-label="Choose a new password" onSubmit={async (e) => {
        e.preventDefault();
        try { await api('/auth/reset-password', { method: 'POST', body: { token: linkToken(), password } }); leaveLink(); onDone(); } catch (err) { setError((err as Error).message); }
      }}>
        <label>New password <input type="password" autoComplete="new-password" minLength={10} value={password} onChange={(e) => setPassword(e.target.value)} required /></label>
        <p className="muted small">At least 10 characters. Every other session of yours is signed out.</p>
        <button type="submit" className="btn primary">Set password and sign in</button>
        {error && <p role="alert" className="error-text">{error}</p>}
      </form>
    </main>
  );
}
