import { StrictMode, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { firstGet, startGet } from './api.js';
import { useHashRoute } from './hooks.js';
import {
  AccountPage, AnalyticsPage, ChatPanel, ChunkBoundary, ContactFormPage, ContactProfile, ContactsPage, Dashboard, ImportPage, MailSettingsPage,
  OpportunityFormPage, OpportunityPage, PageFallback, PageLoading, PipelinePage, preloadRoute, ResetPassword, ResumesPage, SettingsPage, SignIn, Tour, VerifyEmail,
} from './lazy-pages.js';
import { createFormatters, FormatContext } from './format.js';
import { useLiveUpdates, useOnline } from './live.js';
import './styles.css';

const NAV: Array<[string, string]> = [['#/', 'Home'], ['#/contacts', 'Contacts'], ['#/pipeline', 'Pipeline'], ['#/analytics', 'Analytics'], ['#/resumes', 'Résumés'], ['#/import', 'Import'], ['#/mail', 'Mail'], ['#/settings', 'Settings']];

type Me = { user: { email: string }; local_owner: boolean; tz: string; csrf_token: string | null };

/** The page for a route: #/contacts/:id/edit, #/opportunities/new, … */
function pageFor(route: string) {
  const [, top = '', id, sub] = route.split('/');
  const key = id ? decodeURIComponent(id) : undefined;
  if (top === 'contacts' && key === 'new') return <ContactFormPage />;
  if (top === 'contacts' && key && sub === 'edit') return <ContactFormPage id={key} />;
  if (top === 'contacts' && key) return <ContactProfile id={key} />;
  if (top === 'contacts') return <ContactsPage />;
  if (top === 'opportunities' && key === 'new') return <OpportunityFormPage />;
  if (top === 'opportunities' && key && sub === 'edit') return <OpportunityFormPage id={key} />;
  if (top === 'opportunities' && key) return <OpportunityPage id={key} />;
  if (top === 'import') return <ImportPage />;
  if (top === 'resumes') return <ResumesPage />;
  if (top === 'mail') return <MailSettingsPage />;
  if (top === 'settings') return <SettingsPage />;
  if (top === 'account') return <AccountPage />;
  if (top === 'analytics') return <AnalyticsPage />;
  if (top === 'pipeline' || top === 'opportunities') return <PipelinePage />;
  return null;
}

function registerServiceWorker() {
  if ('serviceWorker' in navigator && window.isSecureContext) navigator.serviceWorker.register('/sw.js').catch(() => {});
}

function App() {
  const route = useHashRoute();
  const [me, setMe] = useState<Me | null | 'signin' | 'offline'>(null);
  const online = useOnline();
  const check = () => firstGet<Me>('/me').then(setMe, (e: Error & { status?: number }) => setMe(e.status === 401 ? 'signin' : navigator.onLine && e.status ? 'signin' : 'offline'));
  const fmt = useMemo(() => createFormatters(me && typeof me === 'object' ? me.tz : Intl.DateTimeFormat().resolvedOptions().timeZone), [me]);
  useEffect(registerServiceWorker, []);
  useEffect(() => { if (online && me === 'offline') void check(); }, [online]);
  useEffect(() => {
    void check();
    const on = () => setMe('signin');
    window.addEventListener('kith:signin', on);
    return () => window.removeEventListener('kith:signin', on);
  }, []);
  useEffect(() => { document.getElementById('main')?.focus({ preventScroll: true }); }, [route]);
  // the links in sign-up and reset e-mails work signed in or not
  if (route.startsWith('/verify-email')) return <Loaded><VerifyEmail onDone={check} /></Loaded>;
  if (route.startsWith('/reset-password')) return <Loaded><ResetPassword onDone={check} /></Loaded>;
  if (me === null) return <PageLoading />;
  if (me === 'signin') return <Loaded><SignIn onDone={check} /></Loaded>;
  if (me === 'offline') return <OfflineShell />;

  const top = route.split('/')[1] ?? '';
  const page = pageFor(route);

  return (
    <FormatContext.Provider value={fmt}>
      <Live />
      {!online && <p className="offline-banner" role="status">You are offline: what is shown may be out of date, and changes need the connection back.</p>}
      <a className="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>Skip to content</a>
      <TopBar route={route} top={top} email={me.local_owner ? null : me.user.email} />
      {page ? <main id="main" tabIndex={-1} className="page"><Loaded>{page}</Loaded></main> : (
        <main id="main" tabIndex={-1} className="home">
          {/* each part shows as soon as its own chunk is in: the dashboard does not wait for the chat's */}
          <Loaded fallback={<section className="chat" aria-label="Chat" aria-busy="true"><p className="muted">Loading the chat…</p></section>}><ChatPanel /></Loaded>
          <div className="side"><Loaded fallback={null}><Tour /></Loaded><Loaded><Dashboard /></Loaded></div>
        </main>
      )}
    </FormatContext.Provider>
  );
}

/**
 * The header: on a wide screen the links in a row; on a phone (CSS, max-width 820px) one line with
 * the page's name and a Menu button that opens the links as a list (closed again by choosing one,
 * Escape, or the button).
 */
function TopBar({ route, top, email }: { route: string; top: string; email: string | null }) {
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [route]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') { setOpen(false); document.getElementById('menu-button')?.focus(); } };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  const isCurrent = (href: string) => (href === '#/' ? top === '' : route.startsWith(href.slice(1)));
  const here = NAV.find(([href]) => isCurrent(href))?.[1];
  return (
    <header className={`top${open ? ' open' : ''}`}>
      <h1 className="logo">Kith</h1>
      {here && <span className="here" aria-hidden="true">{here}</span>}
      <button type="button" id="menu-button" className="menu-button" aria-expanded={open} aria-controls="main-nav" onClick={() => setOpen((o) => !o)}>
        <span aria-hidden="true" className="menu-icon" />Menu
      </button>
      <nav aria-label="Main" id="main-nav">
        <ul>{NAV.map(([href, text]) => (
          <li key={href}><a href={href} aria-current={isCurrent(href) ? 'page' : undefined} onClick={() => setOpen(false)}>{text}</a></li>
        ))}
        {/* On a phone the account (a signed-in user's page) is in the menu; the header shows no address. */}
        {email && <li className="nav-account"><a href="#/account" aria-current={top === 'account' ? 'page' : undefined} onClick={() => setOpen(false)}>Account ({email})</a></li>}
        </ul>
      </nav>
      {email === null ? <span className="muted small who">Local</span> : <a className="muted small who" href="#/account" aria-current={top === 'account' ? 'page' : undefined}>{email}</a>}
    </header>
  );
}

/** A lazily loaded part: a loading line while its chunk comes, a reload offer if it cannot. */
function Loaded({ children, fallback = <PageLoading /> }: { children: ReactNode; fallback?: ReactNode }) {
  return <ChunkBoundary><PageFallback.Provider value={fallback}>{children}</PageFallback.Provider></ChunkBoundary>;
}

/** Listens for changes made elsewhere (its own component: the connection lives as long as the app). */
function Live() {
  useLiveUpdates();
  return null;
}

/** What the installed app shows with no connection to its server. */
function OfflineShell() {
  return (
    <main className="signin offline" id="main">
      <h1 className="logo">Kith</h1>
      <p role="status"><strong>You are offline.</strong> Kith needs its server to show your contacts; this page will load them as soon as the connection is back.</p>
      <button type="button" className="btn primary" onClick={() => window.location.reload()}>Try again</button>
    </main>
  );
}

// Who is signed in, the route's data and its code, all asked for at once (see startGet, preloadRoute).
const firstRoute = window.location.hash.replace(/^#/, '') || '/';
startGet('/me');
if (firstRoute === '/') startGet('/dashboard');
preloadRoute(firstRoute);
createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
