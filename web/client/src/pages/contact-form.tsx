import { api, notifyChanged } from '../api.js';
import { useApi } from '../hooks.js';
import { Field } from '../forms/field.js';
import { textInput, useToolForm, type Values } from '../forms/tool-form.js';
import { fullName, type Contact } from '../types.js';

const TEXT = ['first_name', 'last_name', 'email', 'phone', 'company', 'job_title', 'linkedin_url', 'twitter_url', 'location',
  'contact_source', 'relationship_type', 'connection_strength', 'last_contact_date', 'next_follow_up_date', 'notes'] as const;

function valuesOf(c?: Contact): Values {
  const v: Values = {};
  for (const f of TEXT) v[f] = (c?.[f] as string | null | undefined) ?? '';
  v.tags = c?.tags.join(', ') ?? '';
  return v;
}

const tagsOf = (text: string) => text.split(',').map((t) => t.trim()).filter(Boolean);

/** Add a contact (#/contacts/new) or edit one (#/contacts/:id/edit): every field of the data model. */
export function ContactFormPage({ id }: { id?: string }) {
  const { data } = useApi<{ contact: Contact }>(id ? `/contacts/${encodeURIComponent(id)}` : null);
  if (id && !data) return <p className="muted" aria-busy="true">Loading…</p>;
  return <ContactForm key={data?.contact.id ?? 'new'} contact={data?.contact} />;
}

function ContactForm({ contact }: { contact?: Contact }) {
  const editing = !!contact;
  const form = useToolForm(editing ? 'update_contact' : 'add_contact', valuesOf(contact), (v) => {
    const input = textInput(v, [...TEXT], editing ? 'null' : 'omit');
    if (editing) {
      input.contact = contact!.id;
      if (input.last_name === null) input.last_name = '';
      if (input.first_name === null) input.first_name = '';
    }
    input.tags = tagsOf(v.tags ?? '');
    return input;
  });
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = await form.submit((input) => editing
      ? api<{ contact: Contact }>(`/contacts/${contact!.id}`, { method: 'PATCH', body: input })
      : api<{ contact: Contact }>('/contacts', { method: 'POST', body: input }));
    if (r) {
      notifyChanged();
      window.location.hash = `#/contacts/${r.contact.id}`;
    }
  };
  return (
    <div className="form-page">
      <p><a href={contact ? `#/contacts/${contact.id}` : '#/contacts'}>← {contact ? fullName(contact) : 'All contacts'}</a></p>
      <h2>{editing ? `Edit ${fullName(contact!)}` : 'Add a contact'}</h2>
      <form className="card form-grid" noValidate onSubmit={save} aria-label={editing ? 'Edit contact' : 'Add a contact'}>
        <fieldset>
          <legend>Person</legend>
          <Field form={form} name="first_name" label="First name" autoComplete="off" />
          <Field form={form} name="last_name" label="Last name" autoComplete="off" />
          <Field form={form} name="company" label="Company" />
          <Field form={form} name="job_title" label="Job title" />
          <Field form={form} name="location" label="Location" />
        </fieldset>
        <fieldset>
          <legend>Reach them</legend>
          <Field form={form} name="email" label="Email" type="email" autoComplete="off" />
          <Field form={form} name="phone" label="Phone" type="tel" autoComplete="off" />
          <Field form={form} name="linkedin_url" label="LinkedIn URL" type="url" placeholder="https://www.linkedin.com/in/…" />
          <Field form={form} name="twitter_url" label="X / Twitter URL" type="url" />
        </fieldset>
        <fieldset>
          <legend>Relationship</legend>
          <Field form={form} name="relationship_type" label="Relationship" type="select" />
          <Field form={form} name="connection_strength" label="Connection strength" type="select" />
          <Field form={form} name="contact_source" label="How you met" type="select" />
          <Field form={form} name="last_contact_date" label="Last contact" type="date" />
          <Field form={form} name="next_follow_up_date" label="Next follow-up" type="date" />
          <Field form={form} name="tags" label="Tags" hint="Separated by commas" />
        </fieldset>
        <Field form={form} name="notes" label="Notes" type="textarea" wide />
        {form.formError && <p className="error-text" role="alert">{form.formError}</p>}
        <div className="actions wide">
          <button type="submit" className="btn primary" disabled={form.busy}>{editing ? 'Save changes' : 'Add contact'}</button>
          <a className="btn" href={contact ? `#/contacts/${contact.id}` : '#/contacts'}>Cancel</a>
        </div>
      </form>
    </div>
  );
}
