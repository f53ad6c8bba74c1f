import { useState } from 'react';
import { api, notifyChanged } from '../api.js';
import { useApi } from '../hooks.js';
import type { MatchDetails, Opportunity, Resume } from '../types.js';

interface Tailor { keywords: Array<{ rank: number; keyword: string; alternatives?: string[]; section: string; mentions: Array<{ excerpt: string }> }>; phrases: Array<{ phrase: string; count: number }> }
interface Person { contact_id: string; name: string; company: string | null; why: string; connections: Array<{ kind: string; detail: string }>; strength: { label: string; score: number; based_on: string } }
interface Prediction { probability: number | null; interval: { low: number; high: number } | null; method: string; based_on: string; confidence: string; coefficients: Array<{ feature: string; reads: string }>; calibration: { brier: number; brier_of_overall_rate: number } | null }

const pct = (x: number) => `${Math.round(x * 100)} %`;
const SECTION: Record<string, string> = { required: 'requirement', duties: 'responsibility', general: 'mentioned', preferred: 'nice to have' };

/** The match: the résumé it was computed against, skills found and missing, what to add. */
export function MatchPanel({ opportunity: o }: { opportunity: Opportunity }) {
  const resumes = useApi<{ resumes: Resume[] }>('/resumes');
  const details = o.match_details ?? null;
  const tailor = useApi<Tailor>(o.job_description && (resumes.data?.resumes.length ?? 0) > 0 ? `/opportunities/${o.id}/tailor` : null);
  const [message, setMessage] = useState('');
  const chooseResume = async (id: string) => {
    try { await api(`/opportunities/${o.id}`, { method: 'PATCH', body: { resume: id || null } }); notifyChanged(); } catch (e) { setMessage((e as Error).message); }
  };
  const rescore = async () => {
    try { await api(`/opportunities/${o.id}/score`, { method: 'POST', body: {} }); setMessage('Scored again.'); notifyChanged(); } catch (e) { setMessage((e as Error).message); }
  };
  const list = resumes.data?.resumes ?? [];
  return (
    <section className="card" aria-label="Match">
      <h3>Match{details ? `: ${pct(details.score)}` : ''}</h3>
      <label>Résumé sent{' '}
        <select value={o.resume_id ?? ''} onChange={(e) => void chooseResume(e.target.value)} aria-label="Résumé sent">
          <option value="">The latest résumé{list[0] ? ` (${list[0].name})` : ''}</option>
          {list.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
        </select>
      </label>
      {list.length === 0 && <p className="muted small">No résumé yet: <a href="#/resumes">add one</a> to see how well you match.</p>}
      {!o.job_description && <p className="muted small">No job description: paste the posting to get a match score.</p>}
      {details && <MatchFacts details={details} />}
      {tailor.data && tailor.data.keywords.length > 0 && (
        <details>
          <summary>To add to your résumé, if true of you ({tailor.data.keywords.length})</summary>
          <ol className="small">
            {tailor.data.keywords.map((k) => <li key={k.rank}><strong>{k.alternatives ? k.alternatives.join(' or ') : k.keyword}</strong> <span className="muted">({SECTION[k.section] ?? k.section}): “{k.mentions[0]?.excerpt}”</span></li>)}
          </ol>
          {tailor.data.phrases.length > 0 && <p className="small muted">Phrases of the posting you never use: {tailor.data.phrases.map((p) => p.phrase).join(', ')}</p>}
        </details>
      )}
      {o.job_description && list.length > 0 && <p><button type="button" className="btn" onClick={() => void rescore()}>Score again</button></p>}
      <p role="status" className="muted small">{message}</p>
    </section>
  );
}

function MatchFacts({ details }: { details: MatchDetails }) {
  const names = (xs: MatchDetails['skills']['found']) => xs.map((x) => x.alternatives ? x.alternatives.join(' or ') : x.skill).join(', ');
  return (
    <>
      <p className="small">{details.summary}</p>
      <dl className="facts small">
        <dt>Found</dt><dd>{details.skills.found.length ? names(details.skills.found) : '—'}</dd>
        <dt>Missing</dt><dd>{details.skills.missing.length ? names(details.skills.missing) : '—'}</dd>
        <dt>Meaning</dt><dd>{details.semantic ? `similarity ${details.semantic.similarity.toFixed(2)}` : 'not computed (no embedder)'}</dd>
      </dl>
      <p className="muted small">Against “{details.resume.name}”; based on {details.based_on}; confidence {details.confidence}.</p>
    </>
  );
}

/** Who could refer you, ranked, with why and how strong the relationship is. */
export function ReferrersPanel({ opportunity: o }: { opportunity: Opportunity }) {
  const { data } = useApi<{ people: Person[]; summary: string }>(`/opportunities/${o.id}/referrers`);
  if (!data) return null;
  return (
    <section className="card" aria-label="Who could refer you">
      <h3>Who could refer you</h3>
      <p className="small">{data.summary}</p>
      {data.people.length > 0 && (
        <ol className="list people">
          {data.people.map((p) => (
            <li key={p.contact_id}>
              <a href={`#/contacts/${p.contact_id}`}>{p.name}</a> <span className="badge">{p.strength.label}</span>
              <span className="muted small">{p.connections.map((c) => c.detail).join('; ')}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The chances of an interview and an offer, and what they rest on. */
export function ChancesPanel({ opportunity: o }: { opportunity: Opportunity }) {
  const { data } = useApi<{ interview: Prediction; offer: Prediction }>(`/opportunities/${o.id}/prediction`);
  if (!data) return null;
  const row = (name: string, p: Prediction) => (
    <>
      <dt>{name}</dt>
      <dd>{p.probability === null ? 'not enough history' : `${pct(p.probability)}${p.interval ? ` (${pct(p.interval.low)}–${pct(p.interval.high)})` : ''}`}
        <span className="muted small"> {p.based_on}</span>
        {p.coefficients.length > 0 && <ul className="small">{p.coefficients.map((c) => <li key={c.feature}>{c.reads}</li>)}</ul>}
      </dd>
    </>
  );
  return (
    <section className="card" aria-label="Chances">
      <h3>Chances</h3>
      <dl className="facts">{row('Interview', data.interview)}{row('Offer', data.offer)}</dl>
    </section>
  );
}
