/**
 * The REST API as data: each resource route names the catalog tool it runs and where its input
 * comes from. The handlers (rest-api.ts) and the OpenAPI document (openapi.ts) are both built from
 * this one table, and the tools' zod schemas are the only validation.
 */
export type HttpMethod = 'get' | 'post' | 'patch' | 'delete';

export interface RouteDef {
  method: HttpMethod;
  /** Hono path under /api, e.g. /contacts/:id */
  path: string;
  tool: string;
  summary: string;
  /** Where the input comes from: the query string (GET, DELETE) or the JSON body. DELETE also reads a body. */
  from: 'query' | 'body';
  /** Path parameter → input field. */
  params?: Record<string, string>;
  /** Query parameter alias → input field (q → query). */
  aliases?: Record<string, string>;
  /** Fixed input fields. */
  fixed?: Record<string, unknown>;
  /** Success status (201 for creations). */
  status?: 200 | 201;
  tag: string;
}

export const ROUTES: RouteDef[] = [
  { method: 'get', path: '/contacts', tool: 'find_contacts', from: 'query', aliases: { q: 'query' }, summary: 'List or search contacts', tag: 'contacts' },
  { method: 'post', path: '/contacts', tool: 'add_contact', from: 'body', status: 201, summary: 'Add a contact', tag: 'contacts' },
  { method: 'patch', path: '/contacts', tool: 'update_contacts', from: 'body', summary: 'Set fields on many contacts (more than one needs confirm)', tag: 'contacts' },
  { method: 'delete', path: '/contacts', tool: 'delete_contacts', from: 'body', summary: 'Delete many contacts (needs confirm)', tag: 'contacts' },
  { method: 'post', path: '/contacts/merge', tool: 'merge_contacts', from: 'body', summary: 'Merge two contacts (needs confirm)', tag: 'contacts' },
  { method: 'post', path: '/contacts/tags', tool: 'tag_contacts', from: 'body', summary: 'Add tags to contacts (more than one needs confirm)', tag: 'contacts' },
  { method: 'delete', path: '/contacts/tags', tool: 'untag_contacts', from: 'body', summary: 'Remove tags from contacts (more than one needs confirm)', tag: 'contacts' },
  { method: 'get', path: '/contacts/:id', tool: 'get_contact', from: 'query', params: { id: 'contact' }, summary: 'A contact with its timeline', tag: 'contacts' },
  { method: 'get', path: '/contacts/:id/insights', tool: 'get_contact_insights', from: 'query', params: { id: 'contact' }, summary: 'Stored insights about a contact', tag: 'contacts' },
  { method: 'post', path: '/contacts/:id/insights', tool: 'compute_contact_insights', from: 'body', params: { id: 'contact' }, summary: 'Compute and store insights about a contact (best time, channel, tone, interests, mutual connections, strength)', tag: 'contacts' },
  { method: 'patch', path: '/contacts/:id', tool: 'update_contact', from: 'body', params: { id: 'contact' }, summary: 'Change a contact', tag: 'contacts' },
  { method: 'delete', path: '/contacts/:id', tool: 'delete_contact', from: 'query', params: { id: 'contact' }, summary: 'Delete a contact (needs confirm)', tag: 'contacts' },
  { method: 'get', path: '/interactions', tool: 'list_interactions', from: 'query', summary: 'List interactions', tag: 'interactions' },
  { method: 'post', path: '/interactions', tool: 'log_interaction', from: 'body', status: 201, summary: 'Log an interaction', tag: 'interactions' },
  { method: 'patch', path: '/interactions/:id', tool: 'update_interaction', from: 'body', params: { id: 'interaction_id' }, summary: 'Change an interaction', tag: 'interactions' },
  { method: 'delete', path: '/interactions/:id', tool: 'delete_interaction', from: 'query', params: { id: 'interaction_id' }, summary: 'Delete an interaction (needs confirm)', tag: 'interactions' },
  { method: 'get', path: '/opportunities', tool: 'list_opportunities', from: 'query', summary: 'List opportunities', tag: 'pipeline' },
  { method: 'post', path: '/opportunities', tool: 'add_opportunity', from: 'body', status: 201, summary: 'Add an opportunity', tag: 'pipeline' },
  { method: 'get', path: '/opportunities/:id', tool: 'get_opportunity', from: 'query', params: { id: 'opportunity' }, summary: 'An opportunity with its stage moves, people and timeline', tag: 'pipeline' },
  { method: 'patch', path: '/opportunities/:id', tool: 'update_opportunity', from: 'body', params: { id: 'opportunity' }, summary: 'Change an opportunity or move it to another stage', tag: 'pipeline' },
  { method: 'delete', path: '/opportunities/:id', tool: 'delete_opportunity', from: 'query', params: { id: 'opportunity' }, summary: 'Delete an opportunity (needs confirm)', tag: 'pipeline' },
  { method: 'post', path: '/opportunities/:id/score', tool: 'score_opportunity', from: 'body', params: { id: 'opportunity' }, summary: 'Compute and store the match score against a résumé, explained', tag: 'job search' },
  { method: 'get', path: '/opportunities/:id/tailor', tool: 'tailor_resume', from: 'query', params: { id: 'opportunity' }, summary: 'Keywords and phrases of the job the résumé lacks, ranked, with where they appear', tag: 'job search' },
  { method: 'get', path: '/opportunities/:id/referrers', tool: 'find_referrers', from: 'query', params: { id: 'opportunity' }, summary: 'People who could refer you for this job, ranked by strength', tag: 'job search' },
  { method: 'get', path: '/opportunities/:id/prediction', tool: 'predict_success', from: 'query', params: { id: 'opportunity' }, summary: 'Chance of an interview and an offer from your history', tag: 'job search' },
  { method: 'get', path: '/resumes', tool: 'list_resumes', from: 'query', summary: 'Résumé versions, newest first', tag: 'job search' },
  { method: 'post', path: '/resumes', tool: 'add_resume', from: 'body', status: 201, summary: 'Add a résumé: JSON (text, or content_base64 of a PDF/DOCX) or a multipart upload (field "file", optional "name")', tag: 'job search' },
  { method: 'delete', path: '/resumes/:id', tool: 'delete_resume', from: 'query', params: { id: 'resume' }, summary: 'Delete a résumé version (needs confirm)', tag: 'job search' },
  { method: 'get', path: '/people-at', tool: 'who_do_i_know', from: 'query', summary: 'Who you know at a company (?company=)', tag: 'job search' },
  { method: 'get', path: '/analytics', tool: 'job_search_analytics', from: 'query', summary: 'Job-search analytics: funnel, time in stage, time to offer, response rates, sources and referrers, activity per week (?period= or ?from=&to=)', tag: 'job search' },
  { method: 'get', path: '/keep-in-touch/going-cold', tool: 'going_cold', from: 'query', summary: 'Contacts on a keep-in-touch cadence whose next date has passed', tag: 'keep in touch' },
  { method: 'get', path: '/keep-in-touch/today', tool: 'who_to_contact_today', from: 'query', summary: 'Whom to contact today, with the reason', tag: 'keep in touch' },
  { method: 'post', path: '/keep-in-touch', tool: 'set_keep_in_touch', from: 'body', summary: 'Keep in touch with a contact or a tag every … (every: "3 weeks" or every_days)', tag: 'keep in touch' },
  { method: 'delete', path: '/keep-in-touch', tool: 'stop_keep_in_touch', from: 'query', summary: 'Stop the cadence of a contact or a tag (?contact= or ?tag=)', tag: 'keep in touch' },
  { method: 'get', path: '/automation-rules', tool: 'list_automation_rules', from: 'query', summary: 'The workflow rules, whether each is on and its parameters', tag: 'automation' },
  { method: 'patch', path: '/automation-rules/:rule', tool: 'set_automation_rule', from: 'body', params: { rule: 'rule' }, summary: 'Switch a workflow rule on or off ({"enabled": true}) and set its parameters ({"params": {"days": 5}})', tag: 'automation' },
  { method: 'get', path: '/follow-up-times', tool: 'best_follow_up_times', from: 'query', summary: 'Best days and hours to follow up, from your outcomes', tag: 'job search' },
  { method: 'get', path: '/pipeline', tool: 'pipeline_summary', from: 'query', summary: 'The pipeline by stage', tag: 'pipeline' },
  { method: 'get', path: '/follow-ups', tool: 'list_follow_ups', from: 'query', summary: 'Pending follow-ups', tag: 'follow-ups' },
  { method: 'post', path: '/follow-ups', tool: 'schedule_follow_up', from: 'body', summary: 'Schedule a follow-up', tag: 'follow-ups' },
  { method: 'post', path: '/follow-ups/:contactId/complete', tool: 'complete_follow_up', from: 'body', params: { contactId: 'contact' }, summary: 'Mark a follow-up done', tag: 'follow-ups' },
  { method: 'post', path: '/follow-ups/:contactId/snooze', tool: 'snooze_follow_up', from: 'body', params: { contactId: 'contact' }, summary: 'Snooze a follow-up', tag: 'follow-ups' },
  { method: 'get', path: '/tasks', tool: 'list_tasks', from: 'query', summary: 'List tasks (open by default)', tag: 'tasks' },
  { method: 'post', path: '/tasks', tool: 'create_task', from: 'body', status: 201, summary: 'Create a task', tag: 'tasks' },
  { method: 'post', path: '/tasks/:id/complete', tool: 'complete_task', from: 'body', params: { id: 'task' }, summary: 'Mark a task done', tag: 'tasks' },
  { method: 'post', path: '/tasks/:id/snooze', tool: 'snooze_task', from: 'body', params: { id: 'task' }, summary: 'Snooze a task (always later)', tag: 'tasks' },
  { method: 'delete', path: '/tasks/:id', tool: 'delete_task', from: 'query', params: { id: 'task' }, summary: 'Delete a task (needs confirm)', tag: 'tasks' },
  { method: 'get', path: '/agenda', tool: 'agenda', from: 'query', summary: 'Tasks, follow-ups and next actions by date', tag: 'tasks' },
  { method: 'get', path: '/dashboard', tool: 'dashboard_summary', from: 'query', summary: 'The day at a glance', tag: 'dashboard' },
  { method: 'get', path: '/audit-events', tool: 'list_audit_events', from: 'query', summary: 'The audit log: sign-ins, token use, destructive actions', tag: 'dashboard' },
  { method: 'get', path: '/activities', tool: 'list_activities', from: 'query', summary: 'The activity feed', tag: 'dashboard' },
  { method: 'get', path: '/search', tool: 'search', from: 'query', aliases: { q: 'query' }, summary: 'Search notes, interactions and job descriptions', tag: 'search' },
  { method: 'get', path: '/search/status', tool: 'search_status', from: 'query', summary: 'How many notes semantic search covers (re-embedding progress)', tag: 'search' },
  { method: 'get', path: '/webhooks', tool: 'list_webhooks', from: 'query', summary: 'Your webhooks, with counts of their deliveries (never the secrets)', tag: 'webhooks' },
  { method: 'post', path: '/webhooks', tool: 'create_webhook', from: 'body', status: 201, summary: 'Add a webhook (url, events); the answer carries its signing secret, shown once', tag: 'webhooks' },
  { method: 'get', path: '/webhooks/deliveries', tool: 'list_webhook_deliveries', from: 'query', summary: 'The delivery log, newest first (?webhook=, ?status=, ?event=, ?limit=)', tag: 'webhooks' },
  { method: 'get', path: '/webhooks/:id/deliveries', tool: 'list_webhook_deliveries', from: 'query', params: { id: 'webhook' }, summary: 'One webhook\'s delivery log', tag: 'webhooks' },
  { method: 'post', path: '/webhooks/:id/test', tool: 'test_webhook', from: 'body', params: { id: 'webhook' }, summary: 'Send a signed ping to a webhook now and say how it answered', tag: 'webhooks' },
  { method: 'delete', path: '/webhooks/:id', tool: 'delete_webhook', from: 'query', params: { id: 'webhook' }, summary: 'Delete a webhook and its delivery log (needs confirm)', tag: 'webhooks' },
  { method: 'get', path: '/export', tool: 'export_data', from: 'query', summary: 'Export everything as JSON (?format=csv: contacts as CSV; google-csv, vcard, icalendar: those files)', tag: 'data' },
  { method: 'post', path: '/demo', tool: 'load_demo_data', from: 'body', status: 201, summary: 'Load the demo data (tagged kith-demo)', tag: 'data' },
  { method: 'delete', path: '/demo', tool: 'delete_demo_data', from: 'query', summary: 'Remove the demo data in one step (needs confirm)', tag: 'data' },
  { method: 'post', path: '/import', tool: 'import_data', from: 'body', summary: 'Import a JSON export (all or nothing)', tag: 'data' },
  { method: 'post', path: '/contacts/:id/share', tool: 'share_record', from: 'body', params: { id: 'record' }, fixed: { record_type: 'contact' }, summary: 'Share a contact with one of your teams ({ team })', tag: 'teams' },
  { method: 'delete', path: '/contacts/:id/share', tool: 'unshare_record', from: 'query', params: { id: 'record' }, fixed: { record_type: 'contact' }, summary: 'Make a shared contact private again', tag: 'teams' },
  { method: 'post', path: '/opportunities/:id/share', tool: 'share_record', from: 'body', params: { id: 'record' }, fixed: { record_type: 'opportunity' }, summary: 'Share an opportunity with one of your teams ({ team })', tag: 'teams' },
  { method: 'delete', path: '/opportunities/:id/share', tool: 'unshare_record', from: 'query', params: { id: 'record' }, fixed: { record_type: 'opportunity' }, summary: 'Make a shared opportunity private again', tag: 'teams' },
  { method: 'get', path: '/teams', tool: 'list_teams', from: 'query', summary: 'Your teams, their members and what is shared with each', tag: 'teams' },
  { method: 'post', path: '/teams', tool: 'create_team', from: 'body', status: 201, summary: 'Create a team (Enterprise)', tag: 'teams' },
  { method: 'post', path: '/teams/:team/members', tool: 'add_team_member', from: 'body', params: { team: 'team' }, summary: 'Add a member by e-mail (the team\'s owner)', tag: 'teams' },
  { method: 'delete', path: '/teams/:team/members/:email', tool: 'remove_team_member', from: 'query', params: { team: 'team', email: 'email' }, summary: 'Remove a member, or leave the team (your own e-mail)', tag: 'teams' },
  { method: 'get', path: '/admin/users', tool: 'list_users', from: 'query', aliases: { q: 'query' }, summary: 'Every user with role, plan and counts (admins)', tag: 'admin' },
  { method: 'post', path: '/admin/users', tool: 'create_user', from: 'body', status: 201, summary: 'Create a user (admins; only the owner makes admins)', tag: 'admin' },
  { method: 'post', path: '/admin/users/:user/plan', tool: 'set_user_plan', from: 'body', params: { user: 'user' }, summary: 'Put a user on a plan, or none (admins)', tag: 'admin' },
  { method: 'post', path: '/admin/users/:user/role', tool: 'set_user_role', from: 'body', params: { user: 'user' }, summary: 'Make a user an admin or a member (the owner)', tag: 'admin' },
  { method: 'post', path: '/admin/users/:user/disable', tool: 'disable_user', from: 'body', params: { user: 'user' }, summary: 'Disable a user: sessions end, tokens refused (admins)', tag: 'admin' },
  { method: 'post', path: '/admin/users/:user/enable', tool: 'enable_user', from: 'body', params: { user: 'user' }, summary: 'Enable a disabled user again (admins)', tag: 'admin' },
];

/** Hono's /contacts/:id as OpenAPI's /contacts/{id}. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');
