import { useEffect, useState } from 'react';
import { api } from '../api.js';

interface Rule { rule: string; title: string; description: string; enabled: boolean; params: { days?: number }; updated_at: string | null }

/** The workflow rules (agent/tools/automation): each on or off, the follow-up's number of days; saved through PATCH /api/automation-rules/:rule. */
export function AutomationSettings() {
  const [saved, setSaved] = useState<Rule[] | null>(null);
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);

  useEffect(() => {
    void api<{ rules: Rule[] }>('/automation-rules').then((r) => { setSaved(r.rules); setRules(r.rules); });
  }, []);

  const change = (name: string, next: Partial<Rule>) => setRules((rs) => rs && rs.map((r) => (r.rule === name ? { ...r, ...next } : r)));

  const save = async () => {
    if (!rules || !saved) return;
    setBusy(true); setMessage(null);
    try {
      const after: Rule[] = [];
      for (const r of rules) {
        const before = saved.find((s) => s.rule === r.rule)!;
        const daysChanged = r.params.days !== undefined && r.params.days !== before.params.days;
        if (r.enabled === before.enabled && !daysChanged) { after.push(before); continue; }
        const body = { enabled: r.enabled, ...(daysChanged ? { params: { days: r.params.days } } : {}) };
        after.push((await api<{ rule: Rule }>(`/automation-rules/${r.rule}`, { method: 'PATCH', body })).rule);
      }
      setSaved(after); setRules(after);
      const on = after.filter((r) => r.enabled).length;
      setMessage({ text: on === 0 ? 'Saved: every rule is off.' : `Saved: ${on} rule${on === 1 ? '' : 's'} on.` });
    } catch (e) {
      setMessage({ text: (e as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="automation-title">
      <h3 id="automation-title">Automation</h3>
      <p className="hint">Rules that act for you when a job or an interaction changes, whichever way you changed it (here, in chat, Slack, Claude, the command line or an import). Each thing a rule does is in the activity feed and can be undone.</p>
      {rules && (
        <div className="form-grid">
          <fieldset className="wide">
            <legend>Rules</legend>
            {rules.map((r) => (
              <div key={r.rule} className="automation-rule">
                <label className="row"><input type="checkbox" checked={r.enabled} onChange={(e) => change(r.rule, { enabled: e.target.checked })} /> <span>{r.title} <span className="hint">— {r.description}</span></span></label>
                {r.params.days !== undefined && (
                  <div className="field"><label htmlFor={`auto-${r.rule}-days`}>Days after applying</label>
                    <input id={`auto-${r.rule}-days`} type="number" min={1} max={90} value={r.params.days}
                      onChange={(e) => change(r.rule, { params: { ...r.params, days: Number(e.target.value) } })} /></div>
                )}
              </div>
            ))}
          </fieldset>
          <div className="actions">
            <button className="btn primary" disabled={busy} onClick={save}>Save automation</button>
          </div>
        </div>
      )}
      {message && <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error-text' : 'hint'}>{message.text}</p>}
    </section>
  );
}
