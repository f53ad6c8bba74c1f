import { useState } from 'react';
import { api, notifyChanged } from '../api.js';

/**
 * Undo under a card whose call changed something: the undo tool with the call's change_id puts
 * back exactly what that call touched (previous values, deleted rows with their cascades).
 */
export function UndoBar({ changeId, label = 'Undo' }: { changeId: string; label?: string }) {
  const [state, setState] = useState<{ step: 'idle' | 'busy' | 'done' | 'error'; message?: string }>({ step: 'idle' });
  const undo = async () => {
    setState({ step: 'busy' });
    try {
      const out = await api<{ summary: string }>('/tools/undo', { method: 'POST', body: { change_id: changeId } });
      setState({ step: 'done', message: out.summary });
      notifyChanged();
    } catch (e) {
      setState({ step: 'error', message: (e as Error).message });
    }
  };
  return (
    <div className="actions undo-bar">
      {(state.step === 'idle' || state.step === 'busy') && (
        <button type="button" className="btn" onClick={undo} disabled={state.step === 'busy'} aria-busy={state.step === 'busy'}>{label}</button>
      )}
      {state.step === 'done' && <span role="status" className="muted">{state.message}</span>}
      {state.step === 'error' && <span role="alert" className="error-text">{state.message}</span>}
    </div>
  );
}
