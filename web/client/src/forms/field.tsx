import type { ReactNode } from 'react';
import { choicesOf, fieldSchema, isRequired } from '../schema.js';
import { fieldId, type ToolForm } from './tool-form.js';
import { label as words } from '../types.js';

interface FieldProps {
  form: ToolForm;
  name: string;
  label: string;
  /** An input type; "select" lists the field's enum from the tool's schema; "textarea" for long text. */
  type?: 'text' | 'email' | 'tel' | 'url' | 'date' | 'time' | 'number' | 'select' | 'textarea';
  /** The input field in the schema when it differs from `name` (e.g. set.relationship_type). */
  schemaPath?: string;
  hint?: ReactNode;
  placeholder?: string;
  wide?: boolean;
  autoComplete?: string;
}

/** A labelled input whose choices, limits and messages come from the tool's schema. */
export function Field({ form, name, label, type = 'text', schemaPath, hint, placeholder, wide, autoComplete }: FieldProps) {
  const id = fieldId(form.tool, name);
  const path = schemaPath ?? name;
  const s = fieldSchema(form.schema?.input, path);
  const required = isRequired(form.schema?.input, path);
  const error = form.errors[name] ?? (path !== name ? form.errors[path] : undefined);
  const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id, name, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, 'aria-required': required || undefined,
    value: form.values[name] ?? '', onBlur: () => form.touch(path),
  };
  let control;
  if (type === 'select') {
    control = (
      <select {...common} onChange={(e) => form.set(name, e.target.value)}>
        <option value="">{required ? 'Choose…' : '—'}</option>
        {choicesOf(form.schema?.input, path).map((c) => <option key={c} value={c}>{words(c)}</option>)}
      </select>
    );
  } else if (type === 'textarea') {
    control = <textarea {...common} rows={4} maxLength={s?.maxLength} placeholder={placeholder} onChange={(e) => form.set(name, e.target.value)} />;
  } else {
    control = <input {...common} type={type} maxLength={s?.maxLength} placeholder={placeholder} autoComplete={autoComplete} onChange={(e) => form.set(name, e.target.value)} />;
  }
  return (
    <div className={`field${wide ? ' wide' : ''}${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}{required && <span aria-hidden="true"> *</span>}</label>
      {control}
      {hint && <span id={`${id}-hint`} className="hint">{hint}</span>}
      {error && <span id={`${id}-error`} className="field-error" role="alert">{error}</span>}
    </div>
  );
}
