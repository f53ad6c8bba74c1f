import { api, notifyChanged } from '../api.js';
import { Field } from '../forms/field.js';
import { textInput, useToolForm, type Values } from '../forms/tool-form.js';
import { useFormat, zonedInstant } from '../format.js';
import { withArticle } from '../words.js';
import { label, type Contact, type Interaction } from '../types.js';

const EMPTY: Values = { interaction_type: 'coffee_chat', day: '', time: '', subject: '', notes: '', outcome: '', follow_up_date: '', follow_up_reason: '' };

/** Log an interaction with every field: type, day and (optional) time, subject, notes, outcome, follow-up. */
export function InteractionForm({ contact, onLogged }: { contact: Contact; onLogged?: (message: string) => void }) {
  const fmt = useFormat();
  const form = useToolForm('log_interaction', { ...EMPTY, day: fmt.dayOf(new Date().toISOString()) }, (v) => {
    const input = textInput(v, ['interaction_type', 'subject', 'notes', 'outcome', 'follow_up_date', 'follow_up_reason'], 'omit');
    input.contact = contact.id;
    const day = v.day.trim();
    const time = v.time.trim();
    // A day alone stays a day (the tool keeps it on that day, without a time); with a time it is that instant in the user's zone.
    if (day) input.interaction_date = time && /^\d{4}-\d{2}-\d{2}$/.test(day) ? zonedInstant(day, time, fmt.tz) : day;
    return input;
  });
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = await form.submit((input) => api<{ interaction: Interaction }>('/interactions', { method: 'POST', body: input }));
    if (r) {
      const i = r.interaction;
      onLogged?.(`Logged ${withArticle(label(i.interaction_type).replace(/^linkedin/, 'LinkedIn'))} on ${fmt.instant(i.interaction_date, i.has_time)}.`);
      form.reset({ ...EMPTY, day: form.values.day });
      notifyChanged();
    }
  };
  return (
    <form className="form-grid compact" noValidate onSubmit={save} aria-label="Log an interaction">
      <Field form={form} name="interaction_type" label="Type" type="select" />
      <Field form={form} name="day" label="Date" type="date" schemaPath="interaction_date" />
      <Field form={form} name="time" label="Time (optional)" type="time" />
      <Field form={form} name="outcome" label="Outcome" type="select" />
      <Field form={form} name="subject" label="Subject" wide />
      <Field form={form} name="notes" label="Notes" type="textarea" wide />
      <Field form={form} name="follow_up_date" label="Follow up on" type="date" />
      <Field form={form} name="follow_up_reason" label="Follow-up reason" />
      {form.formError && <p className="error-text wide" role="alert">{form.formError}</p>}
      <div className="actions wide"><button type="submit" className="btn primary" disabled={form.busy}>Log interaction</button></div>
    </form>
  );
}
