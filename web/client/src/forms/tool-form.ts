import { useCallback, useRef, useState } from 'react';
import { api, ApiError } from '../api.js';
import { useToolSchema, type ToolSchema } from '../schema.js';

export type Values = Record<string, string>;
export interface FieldIssue { field: string; message: string }

export interface ToolForm {
  tool: string;
  schema: ToolSchema | undefined;
  values: Values;
  errors: Record<string, string>;
  /** A message not about one field (a conflict, a network error). */
  formError: string;
  busy: boolean;
  set(name: string, value: string): void;
  /** Checks the draft with the tool's schema on the server and shows the fields' messages (after a field is left). */
  touch(name: string): void;
  /** Runs `send` with the tool input; a 400 puts each issue next to its field. Resolves to the result, or undefined. */
  submit<T>(send: (input: Record<string, unknown>) => Promise<T>): Promise<T | undefined>;
  reset(values: Values): void;
}

/** "Invalid input for add_contact: email: must be an email address." → "must be an email address" */
export function messageFor(issue: FieldIssue): string {
  const m = issue.message.replace(/^Invalid input for \w+: /, '').replace(/\.$/, '');
  return m.startsWith(`${issue.field}: `) ? m.slice(issue.field.length + 2) : m.startsWith(`${issue.field} `) ? m.slice(issue.field.length + 1) : m;
}

function byField(issues: FieldIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = i.field.split('.')[0] === 'set' ? i.field : i.field.replace(/\.\d+$/, '');
    out[key] ??= messageFor(i);
  }
  return out;
}

/**
 * A form over one catalog tool: `toInput` turns the fields' text into the tool's input; the tool's
 * own schema (POST /api/tools/:name/check) says what is wrong, in its words, next to each field.
 */
export function useToolForm(tool: string, initial: Values, toInput: (values: Values) => Record<string, unknown>): ToolForm {
  const schema = useToolSchema(tool);
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);
  const touched = useRef(new Set<string>());
  const latest = useRef(values);
  latest.current = values;
  const toInputRef = useRef(toInput);
  toInputRef.current = toInput;

  const check = useCallback(async () => {
    const r = await api<{ issues: FieldIssue[] }>(`/tools/${tool}/check`, { method: 'POST', body: toInputRef.current(latest.current) }).catch(() => ({ issues: [] }));
    const all = byField(r.issues);
    setErrors(Object.fromEntries(Object.entries(all).filter(([k]) => touched.current.has(k))));
  }, [tool]);

  return {
    tool, schema, values, errors, formError, busy,
    set: (name, value) => {
      setValues((v) => ({ ...v, [name]: value }));
      if (errors[name]) setErrors((e) => { const n = { ...e }; delete n[name]; return n; });
    },
    touch: (name) => { touched.current.add(name); void check(); },
    reset: (v) => { setValues(v); setErrors({}); setFormError(''); touched.current.clear(); },
    async submit(send) {
      setBusy(true);
      setFormError('');
      try {
        const input = toInputRef.current(latest.current);
        // The tool's schema is asked first (200 with its issues), so a mistake is not a failed request.
        const checked = await api<{ issues: FieldIssue[] }>(`/tools/${tool}/check`, { method: 'POST', body: input });
        if (checked.issues.length > 0) throw new ApiError(400, 'invalid', checked.issues[0].message, { field: checked.issues[0].field, issues: checked.issues });
        const result = await send(input);
        setErrors({});
        return result;
      } catch (e) {
        if (e instanceof ApiError && e.status === 400) {
          const issues = (e.details.issues as FieldIssue[] | undefined) ?? [{ field: String(e.details.field ?? ''), message: e.message }];
          const mapped = byField(issues);
          setErrors(mapped);
          const focusable = Object.keys(mapped).find((f) => document.getElementById(fieldId(tool, f)));
          if (focusable) document.getElementById(fieldId(tool, focusable))?.focus();
          else setFormError(e.message);
        } else {
          setFormError((e as Error).message);
        }
        return undefined;
      } finally {
        setBusy(false);
      }
    },
  };
}

export const fieldId = (tool: string, name: string) => `f-${tool}-${name.replace(/\./g, '-')}`;

/** Text fields as tool input: blank optional fields are left out (add) or cleared with null (edit). */
export function textInput(values: Values, fields: string[], blank: 'omit' | 'null'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f]?.trim() ?? '';
    if (v) out[f] = values[f].trim();
    else if (blank === 'null') out[f] = null;
  }
  return out;
}
