import { IcsLink, MeetingLink } from '../components/calendar-links.js';
import { useState } from 'react';
import { api, notifyChanged } from '../api.js';
import { label, type Opportunity } from '../types.js';
import { useStages } from '../schema.js';
import { useFormat } from '../format.js';

export function StageSelect({ opportunity, onMoved }: { opportunity: Opportunity; onMoved?: (o: Opportunity) => void }) {
  const [busy, setBusy] = useState(false);
  const stages = useStages();
  const name = `${opportunity.job_title ? `${opportunity.job_title} at ` : ''}${opportunity.company_name}`;
  return (
    <select
      aria-label={`Stage of ${name}`}
      value={opportunity.status}
      disabled={busy}
      onChange={async (e) => {
        setBusy(true);
        try {
          const r = await api<{ opportunity: Opportunity }>(`/opportunities/${opportunity.id}`, { method: 'PATCH', body: { status: e.target.value } });
          onMoved?.(r.opportunity);
          notifyChanged();
        } finally {
          setBusy(false);
        }
      }}
    >
      {(stages.length ? stages : [opportunity.status]).map((s) => <option key={s} value={s}>{label(s)}</option>)}
    </select>
  );
}

export function OpportunityCard({ opportunity: initial, heading }: { opportunity: Opportunity; heading?: string }) {
  const [o, setO] = useState(initial);
  const fmt = useFormat();
  return (
    <article className="card" aria-label={`Opportunity at ${o.company_name}`}>
      {heading && <p className="card-kicker">{heading}</p>}
      <h3><a href={`#/opportunities/${o.id}`}>{o.job_title ?? 'Role'}</a> <span className="muted">at {o.company_name}</span></h3>
      <dl className="facts">
        <dt>Stage</dt><dd><span className={`stage stage-${o.status}`}>{label(o.status)}</span></dd>
        {o.contact_name && <><dt>Contact</dt><dd><a href={`#/contacts/${o.contact_id}`}>{o.contact_name}</a></dd></>}
        {o.salary_range && <><dt>Salary</dt><dd>{o.salary_range}</dd></>}
        {o.next_action && <><dt>Next</dt><dd>{o.next_action}{o.next_action_date ? ` (${fmt.day(o.next_action_date)})` : ''}</dd></>}
        {o.meeting_url && <><dt>Call</dt><dd><MeetingLink url={o.meeting_url} /></dd></>}
        {o.priority_level && <><dt>Priority</dt><dd>{label(o.priority_level)}</dd></>}
      </dl>
      <div className="actions"><StageSelect opportunity={o} onMoved={setO} />{o.next_action_date && ['interested', 'applied', 'phone_screen', 'interview', 'final_round', 'offer'].includes(o.status) && <IcsLink item={`opportunity-${o.id}`} label={`${o.next_action ?? 'the next step'} at ${o.company_name}`} />}</div>
    </article>
  );
}

/** A small read-only board: the stages with their opportunities. */
export function MiniPipeline({ opportunities, stages }: { opportunities: Opportunity[]; stages?: Array<{ status: string; count: number }> }) {
  const order = useStages();
  const shown = (stages?.map((s) => s.status) ?? order).filter((s) => (stages?.find((x) => x.status === s)?.count ?? 0) > 0 || opportunities.some((o) => o.status === s));
  return (
    <section className="card" aria-label="Pipeline">
      <h3>Pipeline</h3>
      {shown.length === 0 ? <p className="muted">No opportunities yet.</p> : (
        <div className="mini-board">
          {shown.map((s) => {
            const items = opportunities.filter((o) => o.status === s);
            const count = stages?.find((x) => x.status === s)?.count ?? items.length;
            return (
              <div key={s} className="mini-col">
                <h4>{label(s)} <span className="count">{count}</span></h4>
                <ul>{items.slice(0, 5).map((o) => <li key={o.id}>{o.company_name}{o.job_title ? <span className="muted small"> · {o.job_title}</span> : null}</li>)}</ul>
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}
