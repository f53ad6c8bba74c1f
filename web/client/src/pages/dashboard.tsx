import { useApi } from '../hooks.js';
import { useFormat } from '../format.js';
import type { Dashboard as DashboardData } from '../types.js';
import { FollowUpList } from '../cards/follow-up-list.js';
import { TaskList } from '../cards/task-cards.js';
import { PipelineBoard } from './pipeline-board.js';
import { StageFunnel, WeeklyChart } from './charts.js';
import { SearchStatusBanner } from '../cards/search-status.js';

export function Dashboard() {
  const { data, error } = useApi<DashboardData>('/dashboard');
  const fmt = useFormat();
  if (error) return <p className="error-text" role="alert">{error.message}</p>;
  if (!data) return <p className="muted" aria-busy="true">Loading…</p>;
  const s = data.stats;
  const stats: Array<[string, number, string?]> = [
    ['Contacts', s.contacts], ['Active opportunities', s.active_opportunities], ['Follow-ups pending', s.pending_follow_ups],
    ['Overdue', s.overdue_follow_ups, s.overdue_follow_ups > 0 ? 'warn' : undefined], ['Interactions this week', s.interactions_this_week],
  ];
  return (
    <div className="dashboard">
      <h2 className="sr-only">Dashboard</h2>
      <SearchStatusBanner />
      <ul className="stats" aria-label="Quick stats">
        {stats.map(([name, n, cls]) => <li key={name} className={`stat ${cls ?? ''}`}><span className="n">{n}</span><span className="muted small">{name}</span></li>)}
      </ul>
      <div className="grid2">
        <div>
          <FollowUpList items={data.tasks.follow_ups_due} title={`Today (${fmt.day(data.today)})`} />
          {(data.tasks.tasks_due?.length ?? 0) > 0 && <TaskList tasks={data.tasks.tasks_due!} title="Tasks due" today={data.today} />}
        </div>
        <section className="card" aria-label="Interviews and next actions">
          <h3>Interviews and next actions</h3>
          {data.tasks.interviews.length + data.tasks.next_actions.length === 0 ? <p className="muted">Nothing scheduled today. Give an opportunity a next action and a date and it shows here.</p> : (
            <ul className="list">
              {[...data.tasks.interviews, ...data.tasks.next_actions].map((o) => (
                <li key={o.id}><a href={`#/opportunities/${o.id}`}><strong>{o.company_name}</strong></a> <span className="muted">{o.next_action ?? o.status.replace(/_/g, ' ')} · {fmt.day(o.next_action_date)}</span></li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <h3 className="section-title">Pipeline</h3>
      <PipelineBoard compact />
      <div className="grid2">
        <section className="card"><WeeklyChart weeks={data.interactions_per_week} /></section>
        <section className="card"><StageFunnel stages={data.pipeline} /></section>
      </div>
      <section className="card" aria-label="Recent activity">
        <h3>Recent activity</h3>
        {data.recent_activity.length === 0 ? <p className="muted">Nothing yet. Add a contact or tell the chat about a conversation, and what you did shows here.</p> : (
          <ol className="list activity">
            {data.recent_activity.map((a) => (
              <li key={a.id}><span className="muted small">{fmt.instant(a.activity_date, false)}</span> {a.related_contact_id ? <a href={`#/contacts/${a.related_contact_id}`}>{a.description}</a> : a.description}</li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
