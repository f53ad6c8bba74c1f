import { useEffect, useState } from 'react';
import { notifyChanged } from './api.js';

/**
 * Server-sent events from GET /api/events: a change made anywhere (another tab, the chat, Slack,
 * MCP, the CLI on the same database) reloads what the page shows. EventSource reconnects by itself.
 */
export function useLiveUpdates(): boolean {
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const source = new EventSource('/api/events');
    let heardBefore = false;
    source.addEventListener('ready', () => {
      // A reconnection (the server restarted, the network dropped): what changed meanwhile was not told.
      if (heardBefore) notifyChanged();
      heardBefore = true;
      setConnected(true);
    });
    source.addEventListener('change', () => notifyChanged());
    source.onerror = () => setConnected(false);
    return () => source.close();
  }, []);
  return connected;
}

/** Whether the browser is online; the service worker keeps the shell, the data needs the server. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => { window.removeEventListener('online', on); window.removeEventListener('offline', off); };
  }, []);
  return online;
}
