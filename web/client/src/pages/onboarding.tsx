import { useState } from 'react';
import { api, notifyChanged } from '../api.js';
import { useApi } from '../hooks.js';
import { confirmQuery, useConfirmedCall } from '../components/confirm.js';
import { countOf } from '../words.js';

const DONE_KEY = 'kith.tour-done';
const DEMO_TAG = 'kith-demo';

const STEPS = [
  { title: 'Welcome to Kith', text: 'Kith keeps the people you know, what you talked about and when to follow up. Tell the chat what happened, in your own words: “had coffee with Priya from Stripe, follow up Friday”.' },
  { title: 'Contacts', text: 'Every person has a profile with quick actions (email, call, LinkedIn), a timeline and follow-ups. Add them with a form, import a file, or let the chat add them.' },
  { title: 'Your job search', text: 'The pipeline board follows each application from interested to offer. Drag a card, or focus it and use the arrow keys; the dashboard shows what is due today.' },
];

/** The first start: a three-step tour, with realistic demo data if the user wants to try things first. */
export function Tour() {
  const [done, setDone] = useState(() => localStorage.getItem(DONE_KEY) === '1');
  const [step, setStep] = useState(0);
  const [busy, setBusy] = useState(false);
  const stats = useApi<{ stats: { contacts: number } }>(done ? null : '/dashboard');
  const finish = () => { localStorage.setItem(DONE_KEY, '1'); setDone(true); };
  if (done || !stats.data || stats.data.stats.contacts > 0) return <DemoBanner />;
  const s = STEPS[step];
  const loadDemo = async () => {
    setBusy(true);
    try { await api('/demo', { method: 'POST', body: {} }); notifyChanged(); finish(); } finally { setBusy(false); }
  };
  return (
    <section className="card tour" aria-labelledby="tour-title" aria-describedby="tour-text">
      <p className="card-kicker">Getting started · {step + 1} of {STEPS.length}</p>
      <h2 id="tour-title">{s.title}</h2>
      <p id="tour-text">{s.text}</p>
      <div className="actions">
        {step < STEPS.length - 1
          ? <button type="button" className="btn primary" onClick={() => setStep(step + 1)}>Next</button>
          : <button type="button" className="btn primary" onClick={loadDemo} disabled={busy}>Try it with demo data</button>}
        {step === STEPS.length - 1 && <a className="btn" href="#/contacts/new" onClick={finish}>Add my first contact</a>}
        {step < STEPS.length - 1 && <button type="button" className="btn" onClick={loadDemo} disabled={busy}>Load demo data</button>}
        <button type="button" className="btn ghost" onClick={finish}>Skip the tour</button>
      </div>
      <p className="muted small">Demo data is tagged “{DEMO_TAG}” and can be removed in one step (or run <code>kith demo --remove</code>).</p>
    </section>
  );
}

/** While demo data is there, a way to remove it in one step. */
function DemoBanner() {
  const { data } = useApi<{ total: number }>(`/contacts?tag=${DEMO_TAG}&limit=1`);
  const [dialog, confirmed] = useConfirmedCall();
  if (!data || data.total === 0) return null;
  const remove = async () => {
    const r = await confirmed('delete_demo_data', {}, (approval) => api(`/demo${confirmQuery(approval)}`, { method: 'DELETE' }));
    if (r) notifyChanged();
  };
  return (
    <section className="card demo-banner" aria-label="Demo data">
      <p>You are looking at demo data ({countOf(data.total, 'contact')}).</p>
      <button type="button" className="btn" onClick={remove}>Remove the demo data</button>
      {dialog}
    </section>
  );
}
