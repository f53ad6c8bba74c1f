import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from './api.js';
import { useHashRoute } from './hooks.js';
import { ChatPanel } from './pages/chat-panel.js';
import { Dashboard } from './pages/dashboard.js';
import { ContactsPage } from './pages/contacts.js';
import { ContactProfile } from './pages/contact-profile.js';
import { PipelineBoard } from './pages/pipeline-board.js';
import { ImportPage } from './pages/import-page.js';
import './styles.css';

function SignIn({ onDone }: { onDone: () => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  return (
    <main className="signin">
      <h1>Kith</h1>
      <form onSubmit={async (e) => {
        e.preventDefault();
        try { await api('/session', { method: 'POST', body: { token } }); onDone(); } catch (err) { setError((err as Error).message); }
      }}>
        <label>API token <input type="password" autoComplete="current-password" value={token} onChange={(e) => setToken(e.target.value)} required /></label>
        <p className="muted small">Create one with <code>kith token create --user you@example.com</code>.</p>
        <button type="submit" className="btn primary">Sign in</button>
        {error && <p role="alert" className="error-text">{error}</p>}
      </form>
    </main>
  );
}

const NAV: Array<[string, string]> = [['#/', 'Home'], ['#/contacts', 'Contacts'], ['#/pipeline', 'Pipeline'], ['#/import', 'Import']];

function App() {
  const route = useHashRoute();
  const [me, setMe] = useState<{ user: { email: string }; local_owner: boolean } | null | 'signin'>(null);
  const check = () => api<{ user: { email: string }; local_owner: boolean }>('/me').then(setMe, () => setMe('signin'));
  useEffect(() => {
    void check();
    const on = () => setMe('signin');
    window.addEventListener('kith:signin', on);
    return () => window.removeEventListener('kith:signin', on);
  }, []);
  useEffect(() => { document.getElementById('main')?.focus({ preventScroll: true }); }, [route]);
  if (me === null) return <p className="muted">Loading…</p>;
  if (me === 'signin') return <SignIn onDone={check} />;

  const top = route.split('/')[1] ?? '';
  let page;
  if (top === 'contacts' && route.split('/')[2]) page = <ContactProfile id={decodeURIComponent(route.split('/')[2])} />;
  else if (top === 'contacts') page = <ContactsPage />;
  else if (top === 'pipeline') page = <><h2>Pipeline</h2><PipelineBoard /></>;
  else if (top === 'import') page = <ImportPage />;
  else page = null;

  return (
    <>
      <a className="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>Skip to content</a>
      <header className="top">
        <h1 className="logo">Kith</h1>
        <nav aria-label="Main">
          <ul>{NAV.map(([href, text]) => {
            const current = href === '#/' ? top === '' : route.startsWith(href.slice(1));
            return <li key={href}><a href={href} aria-current={current ? 'page' : undefined}>{text}</a></li>;
          })}</ul>
        </nav>
        <span className="muted small who">{me.local_owner ? 'Local' : me.user.email}</span>
      </header>
      {page ? <main id="main" tabIndex={-1} className="page">{page}</main> : (
        <main id="main" tabIndex={-1} className="home">
          <ChatPanel />
          <div className="side"><Dashboard /></div>
        </main>
      )}
    </>
  );
}

createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
