import { Component, createContext, useContext, useEffect, useState, type ComponentType, type ReactNode } from 'react';

/**
 * Every page in a chunk of its own (Vite splits at each dynamic import), so a first visit loads
 * only what it shows: the chat's AI SDK, the forms and the sign-in's WebAuthn code come when used.
 * `preload` starts a page's download before it is rendered (see preloadRoute).
 *
 * Not React.lazy: React holds back the reveal of suspended content until 300 ms after a fallback
 * was shown (its Suspense throttling), which on a first load is 300 ms of "Loading…" for a page
 * whose chunk is already there. A page whose chunk has arrived renders at once; one still on its
 * way shows the fallback of the nearest Loaded (PageFallback) and then itself.
 */
type LazyPage<P> = ComponentType<P> & { preload: () => Promise<unknown> };

/** A page's chunk did not arrive; told apart from a page's own error, which is not ours to hide. */
class ChunkLoadError extends Error {}

/** What a page still loading shows in its place (set by Loaded in main.tsx). */
export const PageFallback = createContext<ReactNode>(null);

function page<P extends object>(load: () => Promise<ComponentType<P>>): LazyPage<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const preload = () => (loading ??= load().then((c) => (loaded = c), (e: unknown) => {
    loading = undefined;
    throw new ChunkLoadError(String((e as Error)?.message ?? e));
  }));
  function Page(props: P) {
    const fallback = useContext(PageFallback);
    const [Shown, setShown] = useState<ComponentType<P> | undefined>(() => loaded);
    const [error, setError] = useState<unknown>();
    useEffect(() => {
      if (Shown) return;
      let live = true;
      preload().then((c) => { if (live) setShown(() => c); }, (e: unknown) => { if (live) setError(e); });
      return () => { live = false; };
    }, [Shown]);
    if (error !== undefined) throw error;
    return Shown ? <Shown {...props} /> : <>{fallback}</>;
  }
  return Object.assign(Page, { preload });
}

export const ChatPanel = page(() => import('./pages/chat-panel.js').then((m) => m.ChatPanel));
export const Dashboard = page(() => import('./pages/dashboard.js').then((m) => m.Dashboard));
export const Tour = page(() => import('./pages/onboarding.js').then((m) => m.Tour));
export const ContactsPage = page(() => import('./pages/contacts.js').then((m) => m.ContactsPage));
export const ContactProfile = page(() => import('./pages/contact-profile.js').then((m) => m.ContactProfile));
export const ContactFormPage = page(() => import('./pages/contact-form.js').then((m) => m.ContactFormPage));
export const PipelinePage = page(() => import('./pages/pipeline-board.js').then((m) => m.PipelinePage));
export const OpportunityPage = page(() => import('./pages/opportunity-page.js').then((m) => m.OpportunityPage));
export const OpportunityFormPage = page(() => import('./pages/opportunity-form.js').then((m) => m.OpportunityFormPage));
export const AnalyticsPage = page(() => import('./pages/analytics-page.js').then((m) => m.AnalyticsPage));
export const ImportPage = page(() => import('./pages/import-page.js').then((m) => m.ImportPage));
export const ResumesPage = page(() => import('./pages/resumes-page.js').then((m) => m.ResumesPage));
export const MailSettingsPage = page(() => import('./pages/mail-settings.js').then((m) => m.MailSettingsPage));
export const SettingsPage = page(() => import('./pages/settings-page.js').then((m) => m.SettingsPage));
export const AccountPage = page(() => import('./pages/account-page.js').then((m) => m.AccountPage));
export const SignIn = page(() => import('./pages/sign-in.js').then((m) => m.SignIn));
export const VerifyEmail = page(() => import('./pages/sign-in.js').then((m) => m.VerifyEmail));
export const ResetPassword = page(() => import('./pages/sign-in.js').then((m) => m.ResetPassword));

/** The pages a route shows, by its first part ('' is home: the chat beside the dashboard). */
const BY_TOP: Record<string, Array<{ preload: () => Promise<unknown> }>> = {
  '': [Dashboard, Tour, ChatPanel], contacts: [ContactsPage, ContactProfile, ContactFormPage], pipeline: [PipelinePage],
  opportunities: [OpportunityPage, OpportunityFormPage, PipelinePage], analytics: [AnalyticsPage], import: [ImportPage], resumes: [ResumesPage],
  mail: [MailSettingsPage], settings: [SettingsPage], account: [AccountPage], 'verify-email': [VerifyEmail], 'reset-password': [ResetPassword],
};

/**
 * Starts loading the route's pages at once, while the page asks the server who is signed in:
 * otherwise the chunks would only be asked for after that answer, one round trip later.
 */
export function preloadRoute(route: string): void {
  const top = route.split('/')[1]?.replace(/\?.*$/s, '') ?? '';
  for (const p of BY_TOP[top] ?? BY_TOP['']) void p.preload().catch(() => {});
}

/** What shows while a page's chunk loads: a line saying so, never a blank page. */
export function PageLoading({ what = 'Loading…' }: { what?: string }) {
  return <p className="muted page-loading" aria-busy="true">{what}</p>;
}

/**
 * A chunk that cannot be loaded (offline, or a newer Kith replaced the files since this page
 * opened) says so and offers a reload, instead of leaving the page empty.
 */
export class ChunkBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  state = { error: undefined as unknown };
  static getDerivedStateFromError(error: unknown) { return { error }; }
  render() {
    if (this.state.error === undefined) return this.props.children;
    if (!(this.state.error instanceof ChunkLoadError)) throw this.state.error;
    return (
      <section className="card" role="alert">
        <p>This part of Kith could not be loaded (the connection dropped, or Kith was updated since the page opened).</p>
        <button type="button" className="btn primary" onClick={() => window.location.reload()}>Reload</button>
      </section>
    );
  }
}
