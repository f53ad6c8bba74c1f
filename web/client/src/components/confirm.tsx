import { useEffect, useRef, useState, type ReactElement } from 'react';
import { api } from '../api.js';

interface Pending { summary: string; resolve: (ok: boolean) => void }

/**
 * The confirmation every surface uses: the tool is asked first what the call would change
 * (POST /api/tools/:name/preview runs it without confirm, which changes nothing), the dialog shows
 * its summary, and only Confirm sends the call with confirm: true and the approval id the server
 * issued with the preview (the server runs nothing else). A call that needs no confirmation
 * (tagging one contact) is sent straight away.
 */
export type ConfirmedSend<T> = (approval: { confirm: true; approval_id: string } | undefined) => Promise<T>;

/** The query string of a confirmed DELETE: "?confirm=true&approval_id=…", or "" for none. */
export const confirmQuery = (approval: { confirm: true; approval_id: string } | undefined): string =>
  approval ? `?confirm=true&approval_id=${encodeURIComponent(approval.approval_id)}` : '';

export function useConfirmedCall(): [ReactElement | null, <T>(tool: string, input: Record<string, unknown>, send: ConfirmedSend<T>) => Promise<T | undefined>] {
  const [pending, setPending] = useState<Pending | null>(null);
  const run = async <T,>(tool: string, input: Record<string, unknown>, send: ConfirmedSend<T>): Promise<T | undefined> => {
    const preview = await api<{ needs_confirmation: boolean; summary?: string; approval_id?: string }>(`/tools/${tool}/preview`, { method: 'POST', body: input });
    if (!preview.needs_confirmation || !preview.approval_id) return send(undefined);
    const ok = await new Promise<boolean>((resolve) => setPending({ summary: preview.summary ?? 'Go ahead?', resolve }));
    setPending(null);
    return ok ? send({ confirm: true, approval_id: preview.approval_id }) : undefined;
  };
  return [pending ? <ConfirmDialog summary={pending.summary} onAnswer={pending.resolve} /> : null, run];
}

function ConfirmDialog({ summary, onAnswer }: { summary: string; onAnswer: (ok: boolean) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} className="confirm-dialog" aria-labelledby="confirm-title" aria-describedby="confirm-summary" onCancel={(e) => { e.preventDefault(); onAnswer(false); }}>
      <h2 id="confirm-title">Please confirm</h2>
      <p id="confirm-summary">{summary}</p>
      <div className="actions">
        <button type="button" className="btn danger" onClick={() => onAnswer(true)}>Confirm</button>
        <button type="button" className="btn" autoFocus onClick={() => onAnswer(false)}>Cancel</button>
      </div>
    </dialog>
  );
}
