import { useState } from 'react';
import { useApi } from '../hooks.js';
import { qs } from '../api.js';
import { label } from '../types.js';

interface Rate { rate: number | null; low: number | null; high: number | null; of: number; hits: number; based_on: string; enough: boolean }
interface Duration { median_days: number | null; mean_days: number | null; n: number; based_on: string; enough: boolean }
interface Outcomes { applications: number; interviews: number; offers: number; interview_rate: Rate; offer_rate: Rate }
interface Analytics {
  period: { label: string; from: string | null; to: string };
  opportunities: number; applications: number;
  funnel: Array<{ stage: string; reached: number; conversion_from_previous: Rate | null }>;
  overall: { interview_rate: Rate; offer_rate: Rate };
  time_in_stage: Array<Duration & { stage: string }>;
  time_to_offer: Duration;
  response_rate: {
    overall: Rate; without_outcome: number;
    by_interaction_type: Array<{ interaction_type: string; response_rate: Rate; positive_rate: Rate }>;
    by_contact_source: Array<{ contact_source: string; response_rate: Rate; positive_rate: Rate }>;
  };
  by_source: Array<Outcomes & { source: string }>;
  by_referrer: Array<Outcomes & { referrer_id: string; referrer: string }>;
  activity_per_week: Array<{ week_start: string; interactions: number; opportunities_added: number; stage_moves: number }>;
  summary: string;
}

const PERIODS: Array<[string, string]> = [['all_time', 'All time'], ['last_12_months', 'Last 12 months'], ['last_90_days', 'Last 90 days'], ['last_30_days', 'Last 30 days']];
const pct = (r: Rate | null) => (!r || r.rate === null ? '—' : `${Math.round(r.rate * 100)}%`);
const days = (d: Duration) => (d.median_days === null ? '—' : `${d.median_days} d`);

/** A figure's basis, marked when it rests on too little. */
function Basis({ text, enough }: { text: string; enough: boolean }) {
  return <span className={`small ${enough ? 'muted' : 'thin-data'}`}>{text}</span>;
}

/** Horizontal bars: one row per item, the bar's length its share of the largest, the value at the end. */
function Bars({ title, rows, max }: { title: string; rows: Array<{ name: string; value: number; text: string; faint?: boolean }>; max?: number }) {
  const top = max ?? Math.max(1, ...rows.map((r) => r.value));
  const W = 340, row = 24, labelW = 118;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${Math.max(1, rows.length) * row}`} role="img" aria-label={`${title}: ${rows.map((r) => `${r.name} ${r.text}`).join(', ')}`}>
        {rows.map((r, i) => {
          const w = Math.max(2, (r.value / top) * (W - labelW - 60));
          return (
            <g key={r.name} transform={`translate(0 ${i * row})`}>
              <text x="0" y="16" className="axis">{r.name}</text>
              <rect x={labelW} y="4" width={w} height={row - 8} rx="3" className={`bar${r.faint ? ' faint' : ''}`} />
              <text x={labelW + w + 4} y="16" className="bar-label">{r.text}</text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** Activity per week as grouped bars: interactions, opportunities added, stage moves. */
function ActivityChart({ weeks }: { weeks: Analytics['activity_per_week'] }) {
  const series = [['interactions', 'Interactions', 'bar'], ['opportunities_added', 'Opportunities added', 'bar second'], ['stage_moves', 'Stage moves', 'bar third']] as const;
  const max = Math.max(1, ...weeks.flatMap((w) => series.map(([k]) => w[k])));
  const W = 640, H = 150, group = W / Math.max(1, weeks.length), barW = Math.max(2, (group - 6) / 3);
  return (
    <figure className="chart">
      <figcaption>Activity per week</figcaption>
      <svg viewBox={`0 0 ${W} ${H + 18}`} role="img" aria-label={`Activity per week: ${weeks.map((w) => `${w.week_start}: ${w.interactions} interactions, ${w.opportunities_added} opportunities added, ${w.stage_moves} stage moves`).join('; ')}`}>
        {weeks.map((w, i) => (
          <g key={w.week_start} transform={`translate(${i * group} 0)`}>
            {series.map(([k, , cls], j) => {
              const h = (w[k] / max) * (H - 6);
              return <rect key={k} x={3 + j * barW} y={H - h} width={barW - 1} height={Math.max(h, 1)} className={cls} />;
            })}
            {(i % Math.ceil(weeks.length / 8) === 0) && <text x={group / 2} y={H + 14} textAnchor="middle" className="axis">{w.week_start.slice(5)}</text>}
          </g>
        ))}
      </svg>
      <ul className="legend small">{series.map(([k, name, cls]) => <li key={k}><svg viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" className={cls} /></svg><span>{name}</span></li>)}</ul>
    </figure>
  );
}

function OutcomeTable({ caption, rows }: { caption: string; rows: Array<Outcomes & { name: string; href?: string }> }) {
  if (rows.length === 0) return <p className="muted small">{caption}: none in this period.</p>;
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
    <table className="data-table">
      <caption>{caption}</caption>
      <thead><tr><th scope="col">Name</th><th scope="col">Applications</th><th scope="col">Interviews</th><th scope="col">Offers</th><th scope="col">Interview rate</th></tr></thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name}>
            <th scope="row">{r.href ? <a href={r.href}>{r.name}</a> : r.name}</th>
            <td>{r.applications}</td><td>{r.interviews}</td><td>{r.offers}</td>
            <td>{pct(r.interview_rate)} <Basis text={r.interview_rate.based_on} enough={r.interview_rate.enough} /></td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

/** #/analytics: how the search is going — funnel, stage times, response rates, sources, activity. */
export function AnalyticsPage() {
  const [period, setPeriod] = useState('all_time');
  const { data, error } = useApi<Analytics>(`/analytics${qs({ period })}`);
  return (
    <div className="analytics">
      <div className="page-head">
        <h2>Analytics</h2>
        <label>Period{' '}
          <select value={period} onChange={(e) => setPeriod(e.target.value)}>
            {PERIODS.map(([v, t]) => <option key={v} value={v}>{t}</option>)}
          </select>
        </label>
      </div>
      {error && <p className="error-text" role="alert">{error.message}</p>}
      {!data && !error && <p className="muted" aria-busy="true">Loading…</p>}
      {data && <AnalyticsBody a={data} />}
    </div>
  );
}

function AnalyticsBody({ a }: { a: Analytics }) {
  const stats: Array<[string, string, string, boolean]> = [
    ['Applications', String(a.applications), `of ${a.opportunities} opportunities`, true],
    ['Interview rate', pct(a.overall.interview_rate), a.overall.interview_rate.based_on, a.overall.interview_rate.enough],
    ['Offer rate', pct(a.overall.offer_rate), a.overall.offer_rate.based_on, a.overall.offer_rate.enough],
    ['Time to offer', days(a.time_to_offer), a.time_to_offer.based_on, a.time_to_offer.enough],
    ['Response rate', pct(a.response_rate.overall), a.response_rate.overall.based_on, a.response_rate.overall.enough],
  ];
  const r = a.response_rate;
  return (
    <>
      <p>{a.summary}</p>
      <ul className="stats" aria-label="Headline figures">
        {stats.map(([name, value, basis, enough]) => <li key={name} className="stat"><span className="n">{value}</span><span className="small">{name}</span><Basis text={basis} enough={enough} /></li>)}
      </ul>
      <div className="grid2">
        <section className="card">
          <Bars title="Funnel" rows={a.funnel.map((f) => ({ name: label(f.stage), value: f.reached, text: `${f.reached}${f.conversion_from_previous ? ` · ${pct(f.conversion_from_previous)}` : ''}`, faint: !!f.conversion_from_previous && !f.conversion_from_previous.enough }))} />
          <p className="muted small">Each bar: opportunities that reached the stage or a later one; the percentage is the conversion from the stage before. Paler bars rest on fewer than 5 cases.</p>
        </section>
        <section className="card">
          <Bars title="Median days in each stage" rows={a.time_in_stage.map((s) => ({ name: label(s.stage), value: s.median_days ?? 0, text: s.median_days === null ? 'no data' : `${s.median_days} d (n=${s.n})`, faint: !s.enough }))} />
          <p className="muted small">From the stage history: how long an opportunity stayed in a stage before moving on. Time to offer: {days(a.time_to_offer)}, <Basis text={a.time_to_offer.based_on} enough={a.time_to_offer.enough} />.</p>
        </section>
        <section className="card">
          <Bars title="Response rate by interaction type" max={1} rows={r.by_interaction_type.map((x) => ({ name: label(x.interaction_type), value: x.response_rate.rate ?? 0, text: `${pct(x.response_rate)} of ${x.response_rate.of}`, faint: !x.response_rate.enough }))} />
          {r.by_interaction_type.length === 0 && <p className="muted small">No interactions with an outcome in this period.</p>}
          <p className="muted small">Counts interactions with an outcome; {r.without_outcome} without one are left out.</p>
        </section>
        <section className="card">
          <Bars title="Response rate by contact source" max={1} rows={r.by_contact_source.map((x) => ({ name: label(x.contact_source), value: x.response_rate.rate ?? 0, text: `${pct(x.response_rate)} of ${x.response_rate.of}`, faint: !x.response_rate.enough }))} />
          {r.by_contact_source.length === 0 && <p className="muted small">No interactions with an outcome in this period.</p>}
        </section>
      </div>
      <section className="card"><ActivityChart weeks={a.activity_per_week} /></section>
      <section className="card">
        <OutcomeTable caption="Sources that led to interviews and offers" rows={a.by_source.map((s) => ({ ...s, name: label(s.source) }))} />
      </section>
      <section className="card">
        <OutcomeTable caption="Referrers that led to interviews and offers" rows={a.by_referrer.map((s) => ({ ...s, name: s.referrer, href: `#/contacts/${s.referrer_id}` }))} />
      </section>
    </>
  );
}
