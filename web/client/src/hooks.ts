import { useCallback, useEffect, useState } from 'react';
import { api, firstGet } from './api.js';

/** The part of the URL after #, e.g. "/contacts/…"; hash routing needs no server routes. */
export function useHashRoute(): string {
  const read = () => window.location.hash.replace(/^#/, '') || '/';
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

/** GETs a path, again whenever it changes or data changes anywhere on the page. */
export function useApi<T>(path: string | null): { data: T | undefined; error: Error | undefined; loading: boolean; reload: () => void } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    window.addEventListener('kith:changed', reload);
    return () => window.removeEventListener('kith:changed', reload);
  }, [reload]);
  useEffect(() => {
    if (!path) return;
    let live = true;
    setLoading(true);
    // the first read may have been started while the page's code loaded (startGet); a reload is a new read
    (tick === 0 ? firstGet<T>(path) : api<T>(path)).then(
      (d) => { if (live) { setData(d); setError(undefined); setLoading(false); } },
      (e: Error) => { if (live) { setError(e); setLoading(false); } },
    );
    return () => { live = false; };
  }, [path, tick]);
  return { data, error, loading, reload };
}
