import { api, notifyChanged } from '../api.js';
import { useApi } from '../hooks.js';
import { Field } from '../forms/field.js';
import { textInput, useToolForm, type Values } from '../forms/tool-form.js';
import type { Contact, Opportunity, Resume } from '../types.js';

const TEXT = ['company_name', 'job_title', 'job_url', 'status', 'job_description', 'salary_range', 'location', 'priority_level',
  'application_date', 'next_action', 'next_action_date', 'notes', 'source', 'posted_date'] as const;

function valuesOf(o?: Opportunity): Values {
  const v: Values = {};
  for (const f of TEXT) v[f] = (o?.[f] as string | null | undefined) ?? '';
  v.contact = o?.contact_id ?? '';
  v.referrer = o?.referrer_id ?? '';
  v.resume = o?.resume_id ?? '';
  v.match_score = o?.match_score != null ? String(Math.round(o.match_score * 100)) : '';
  if (!o) v.status = 'interested';
  return v;
}

/** Add (#/opportunities/new) or edit (#/opportunities/:id/edit) an opportunity: every field, its contact and referrer. */
export function OpportunityFormPage({ id }: { id?: string }) {
  const { data } = useApi<{ opportunity: Opportunity }>(id ? `/opportunities/${encodeURIComponent(id)}` : null);
  const people = useApi<{ contacts: Contact[] }>('/contacts?limit=200');
  const resumes = useApi<{ resumes: Resume[] }>('/resumes');
  if (id && !data) return <p className="muted" aria-busy="true">Loading…</p>;
  return <OpportunityForm key={data?.opportunity.id ?? 'new'} opportunity={data?.opportunity} contacts={people.data?.contacts ?? []} resumes={resumes.data?.resumes ?? []} />;
}

function OpportunityForm({ opportunity, contacts, resumes }: { opportunity?: Opportunity; contacts: Contact[]; resumes: Resume[] }) {
  const editing = !!opportunity;
  const initialScore = valuesOf(opportunity).match_score;
  const form = useToolForm(editing ? 'update_opportunity' : 'add_opportunity', valuesOf(opportunity), (v) => {
    const input = textInput(v, [...TEXT, 'contact', 'referrer', 'resume'], editing ? 'null' : 'omit');
    if (editing) {
      input.opportunity = opportunity!.id;
      if (input.company_name === null) input.company_name = '';
      if (input.status === null) delete input.status;
    }
    // The score is a share (0..1) in the tool; people think of it as a percentage. Sent only when
    // changed here: otherwise the tool recomputes it from the description and the résumé.
    const score = v.match_score.trim();
    if (score !== initialScore.trim()) {
      if (score) input.match_score = Number.isNaN(Number(score)) ? score : Number(score) / 100;
      else if (editing) input.match_score = null;
    }
    return input;
  });
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = await form.submit((input) => editing
      ? api<{ opportunity: Opportunity }>(`/opportunities/${opportunity!.id}`, { method: 'PATCH', body: input })
      : api<{ opportunity: Opportunity }>('/opportunities', { method: 'POST', body: input }));
    if (r) {
      notifyChanged();
      window.location.hash = `#/opportunities/${r.opportunity.id}`;
    }
  };
  const people = (name: 'contact' | 'referrer', text: string) => (
    <div className={`field${form.errors[name] ? ' has-error' : ''}`}>
      <label htmlFor={`f-opp-${name}`}>{text}</label>
      <select id={`f-opp-${name}`} value={form.values[name]} onChange={(e) => form.set(name, e.target.value)} aria-invalid={form.errors[name] ? true : undefined} aria-describedby={form.errors[name] ? `f-opp-${name}-error` : undefined}>
        <option value="">—</option>
        {contacts.map((c) => <option key={c.id} value={c.id}>{`${c.first_name} ${c.last_name}`.trim()}{c.company ? ` (${c.company})` : ''}</option>)}
      </select>
      {form.errors[name] && <span id={`f-opp-${name}-error`} className="field-error" role="alert">{form.errors[name]}</span>}
    </div>
  );
  const back = opportunity ? `#/opportunities/${opportunity.id}` : '#/pipeline';
  return (
    <div className="form-page">
      <p><a href={back}>← {opportunity ? opportunity.company_name : 'Pipeline'}</a></p>
      <h2>{editing ? `Edit ${opportunity!.job_title ? `${opportunity!.job_title} at ` : ''}${opportunity!.company_name}` : 'Add an opportunity'}</h2>
      <form className="card form-grid" noValidate onSubmit={save} aria-label={editing ? 'Edit opportunity' : 'Add an opportunity'}>
        <fieldset>
          <legend>The job</legend>
          <Field form={form} name="company_name" label="Company" />
          <Field form={form} name="job_title" label="Job title" />
          <Field form={form} name="job_url" label="Posting URL" type="url" placeholder="https://…" />
          <Field form={form} name="location" label="Location" />
          <Field form={form} name="salary_range" label="Salary" placeholder="e.g. €90–110k" />
        </fieldset>
        <fieldset>
          <legend>Where it stands</legend>
          <Field form={form} name="status" label="Stage" type="select" />
          <Field form={form} name="priority_level" label="Priority" type="select" />
          <Field form={form} name="posted_date" label="Posted on" type="date" />
          <Field form={form} name="application_date" label="Applied on" type="date" />
          <Field form={form} name="match_score" label="Match (%)" type="number" hint="Computed from the description and your résumé; type a number to override" />
          <Field form={form} name="next_action" label="Next action" />
          <Field form={form} name="next_action_date" label="Next action on" type="date" />
        </fieldset>
        <fieldset>
          <legend>People</legend>
          {people('contact', 'Contact')}
          {people('referrer', 'Referred by')}
          <Field form={form} name="source" label="Found through" type="select" />
          <div className="field">
            <label htmlFor="f-opp-resume">Résumé sent</label>
            <select id="f-opp-resume" value={form.values.resume} onChange={(e) => form.set('resume', e.target.value)}>
              <option value="">The latest résumé</option>
              {resumes.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
            </select>
          </div>
        </fieldset>
        <Field form={form} name="job_description" label="Job description" type="textarea" wide />
        <Field form={form} name="notes" label="Notes" type="textarea" wide />
        {form.formError && <p className="error-text wide" role="alert">{form.formError}</p>}
        <div className="actions wide">
          <button type="submit" className="btn primary" disabled={form.busy}>{editing ? 'Save changes' : 'Add opportunity'}</button>
          <a className="btn" href={back}>Cancel</a>
        </div>
      </form>
    </div>
  );
}
