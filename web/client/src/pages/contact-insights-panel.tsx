import { useState } from 'react';
import { api, notifyChanged } from '../api.js';
import { useApi } from '../hooks.js';
import { label } from '../types.js';

interface Insight { id: string; insight_type: string; insight_text: string; confidence_score: number | null; generated_at: string }
interface Computed { suggested_connection_strength: string | null; stored_connection_strength: string | null; summary: string }

/** What Kith has worked out about a contact, each with how sure it is; recomputed on request. */
export function ContactInsightsPanel({ contactId }: { contactId: string }) {
  const { data } = useApi<{ insights: Insight[] }>(`/contacts/${encodeURIComponent(contactId)}/insights`);
  const [message, setMessage] = useState('');
  const compute = async () => {
    try {
      const r = await api<Computed>(`/contacts/${encodeURIComponent(contactId)}/insights`, { method: 'POST', body: {} });
      setMessage(r.summary);
      notifyChanged();
    } catch (e) { setMessage((e as Error).message); }
  };
  const list = data?.insights ?? [];
  return (
    <section className="card" aria-labelledby="insights-title">
      <h3 id="insights-title">Insights</h3>
      {list.length === 0 ? <p className="muted small">None yet: compute them from the interactions and notes.</p> : (
        <dl className="facts small insights">
          {list.map((i) => (
            <div key={i.id}>
              <dt>{label(i.insight_type)}{i.confidence_score !== null && <span className="muted"> · {Math.round(i.confidence_score * 100)}% sure</span>}</dt>
              <dd>{i.insight_text}</dd>
            </div>
          ))}
        </dl>
      )}
      <p><button type="button" className="btn" onClick={() => void compute()}>{list.length ? 'Compute again' : 'Compute insights'}</button></p>
      <p role="status" className="muted small">{message}</p>
    </section>
  );
}
