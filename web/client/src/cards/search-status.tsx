import { useEffect } from 'react';
import { useApi } from '../hooks.js';

interface SearchStatus { mode: 'hybrid' | 'full_text'; embedder: string | null; documents: number; with_vectors: number; waiting: number; failed: number; progress: number }

/**
 * While notes are being (re-)embedded, e.g. after the upgrade to the offline sentence encoder,
 * a bar saying how far it is; nothing once every note can be found by meaning.
 */
export function SearchStatusBanner() {
  const { data, reload } = useApi<SearchStatus>('/search/status');
  const busy = !!data && data.mode === 'hybrid' && data.waiting > 0;
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(reload, 5_000);
    return () => clearInterval(timer);
  }, [busy, reload]);
  if (!busy) return null;
  const percent = Math.floor(data.progress * 100);
  return (
    <section className="card search-status" role="status" aria-label="Semantic search status">
      <p>
        Preparing search by meaning: {data.with_vectors} of {data.documents} notes ready ({percent}%).
        <span className="muted small"> Word search covers every note meanwhile.</span>
      </p>
      <progress max={data.documents} value={data.with_vectors} aria-label="Notes ready for search by meaning" />
    </section>
  );
}
