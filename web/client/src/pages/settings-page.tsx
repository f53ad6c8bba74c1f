import { useEffect, useState } from 'react';
import { api } from '../api.js';
import { CrmSyncSettings } from './crm-sync-settings.js';
import { AutomationSettings } from './automation-settings.js';
import { WebhookSettings } from './webhook-settings.js';
import { YourDataSettings } from './your-data-settings.js';
import { TeamsSettings } from './teams-settings.js';
import { AdminSettings } from './admin-settings.js';

type Channel = 'email' | 'slack' | 'push';
interface Reminders { channels: Channel[]; hour: number; email_mode: 'digest' | 'each'; email_to: string | null; push_subscriptions: number }
interface Feed { path: string; rotated_at: string; events: number }
interface CalendarAccount { server_url: string; username: string; password: string; write_calendar: string | null; last_sync_at: string | null; last_sync_error: string | null }

const CHANNELS: Array<[Channel, string, string]> = [
  ['email', 'E-mail', 'A daily digest through your mailbox\'s SMTP server'],
  ['slack', 'Slack', 'The daily DM with Done and Snooze buttons'],
  ['push', 'Notifications', 'On the devices where you turn them on below'],
];
const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;

function base64UrlToBytes(s: string): Uint8Array {
  const b = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  return Uint8Array.from(b, (c) => c.charCodeAt(0));
}

/** Reminders (channels, hour), this device's notifications, automation rules, the calendar feed, the CalDAV connection, HubSpot and Salesforce, webhooks. */
export function SettingsPage() {
  const [reminders, setReminders] = useState<Reminders | null>(null);
  const [feed, setFeed] = useState<Feed | null>(null);
  const [account, setAccount] = useState<CalendarAccount | null>(null);
  const [caldav, setCaldav] = useState({ server_url: '', username: '', password: '', write_calendar: '' });
  const [message, setMessage] = useState<{ where: string; text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = useState('');

  useEffect(() => {
    void api<Reminders>('/tools/get_reminder_settings', { method: 'POST', body: {} }).then(setReminders);
    void api<Feed>('/tools/calendar_feed', { method: 'POST', body: {} }).then(setFeed);
    void api<{ account: CalendarAccount | null }>('/tools/get_calendar_account', { method: 'POST', body: {} }).then((r) => {
      setAccount(r.account);
      if (r.account) setCaldav({ server_url: r.account.server_url, username: r.account.username, password: '', write_calendar: r.account.write_calendar ?? '' });
    });
  }, []);

  const act = async (where: string, label: string, fn: () => Promise<string>) => {
    setBusy(where); setMessage(null);
    try { setMessage({ where, text: await fn() }); } catch (err) { setMessage({ where, text: (err as Error).message, error: true }); } finally { setBusy(''); }
    void label;
  };
  const note = (where: string) => (message?.where === where ? <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error-text' : 'hint'}>{message.text}</p> : null);

  const saveReminders = () => act('reminders', 'Saving', async () => {
    const next = await api<Reminders>('/tools/set_reminders', { method: 'POST', body: { channels: reminders!.channels, hour: reminders!.hour, email_mode: reminders!.email_mode, email_to: reminders!.email_to || null } });
    setReminders(next);
    return next.channels.length === 0 ? 'Reminders are off.' : `Saved: reminders at ${hourLabel(next.hour)} by ${next.channels.join(', ')}.`;
  });

  const enablePush = () => act('push', 'Turning on', async () => {
    if (!('serviceWorker' in navigator) || !('PushManager' in window)) throw new Error('This browser cannot receive push notifications (install Kith as an app, over https or on this machine).');
    if ((await Notification.requestPermission()) !== 'granted') throw new Error('Notifications are blocked for this site in the browser\'s settings.');
    const { public_key } = await api<{ public_key: string }>('/push/public-key');
    const registration = await navigator.serviceWorker.ready;
    const sub = await registration.pushManager.getSubscription() ?? await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(public_key) as BufferSource });
    const json = sub.toJSON() as { endpoint: string; keys: { p256dh: string; auth: string } };
    const out = await api<{ push_subscriptions: number }>('/tools/subscribe_web_push', { method: 'POST', body: { endpoint: json.endpoint, keys: json.keys, user_agent: navigator.userAgent.slice(0, 300) } });
    setReminders((r) => (r ? { ...r, push_subscriptions: out.push_subscriptions, channels: r.channels.includes('push') ? r.channels : [...r.channels, 'push'] } : r));
    return 'Notifications are on for this device. Save to keep "Notifications" among the channels.';
  });

  const feedUrl = feed ? `${window.location.origin}${feed.path}` : '';
  const copyFeed = () => act('feed', 'Copying', async () => { await navigator.clipboard.writeText(feedUrl); return 'Copied. Paste it into your calendar\'s "subscribe by URL".'; });
  const rotateFeed = () => act('feed', 'Rotating', async () => {
    if (!window.confirm('Give the feed a new address? Calendars subscribed to the old one stop updating until you subscribe again.')) return 'The address is unchanged.';
    setFeed(await api<Feed>('/tools/rotate_calendar_feed', { method: 'POST', body: {} }));
    return 'New address made; the old one no longer works.';
  });

  const saveCaldav = () => act('caldav', 'Connecting', async () => {
    const body: Record<string, string | null> = { server_url: caldav.server_url, username: caldav.username, write_calendar: caldav.write_calendar || null };
    if (caldav.password) body.password = caldav.password;
    const out = await api<{ account: CalendarAccount }>('/tools/connect_calendar', { method: 'POST', body });
    setAccount(out.account); setCaldav((c) => ({ ...c, password: '' }));
    return 'Saved. Sync now to read your meetings and write your follow-ups.';
  });
  const syncNow = () => act('caldav', 'Syncing', async () => {
    const r = await api<{ interactions_logged: number; next_actions_set: number; tasks_added: number; written: number; rewritten: number; removed: number; write_calendar: string }>('/calendar/sync', { method: 'POST', body: {} });
    const again = await api<{ account: CalendarAccount }>('/tools/get_calendar_account', { method: 'POST', body: {} });
    setAccount(again.account);
    return `Synced with "${r.write_calendar}": ${r.interactions_logged} meetings logged, ${r.next_actions_set + r.tasks_added} upcoming added, ${r.written + r.rewritten} events written, ${r.removed} removed.`;
  });

  const toggle = (c: Channel) => setReminders((r) => (r ? { ...r, channels: r.channels.includes(c) ? r.channels.filter((x) => x !== c) : [...r.channels, c] } : r));

  return (
    <div className="settings-page">
      <div className="page-head"><h2>Settings</h2></div>

      <section className="card" aria-labelledby="reminders-title">
        <h3 id="reminders-title">Reminders</h3>
        <p className="hint">Follow-ups, to-dos and next actions due today (and overdue ones), once a day at your hour. Each carries Done and Snooze.</p>
        {reminders && (
          <div className="form-grid">
            <fieldset>
              <legend>Channels</legend>
              {CHANNELS.map(([c, label, hint]) => (
                <label key={c} className="row"><input type="checkbox" checked={reminders.channels.includes(c)} onChange={() => toggle(c)} /> <span>{label} <span className="hint">— {hint}</span></span></label>
              ))}
            </fieldset>
            <fieldset>
              <legend>When and where</legend>
              <div className="field"><label htmlFor="rem-hour">Time of day</label>
                <select id="rem-hour" value={reminders.hour} onChange={(e) => setReminders({ ...reminders, hour: Number(e.target.value) })}>
                  {Array.from({ length: 24 }, (_, h) => <option key={h} value={h}>{hourLabel(h)}</option>)}
                </select></div>
              <div className="field"><label htmlFor="rem-mode">E-mail</label>
                <select id="rem-mode" value={reminders.email_mode} onChange={(e) => setReminders({ ...reminders, email_mode: e.target.value as Reminders['email_mode'] })}>
                  <option value="digest">One digest a day</option><option value="each">One e-mail per reminder</option>
                </select></div>
              <div className="field"><label htmlFor="rem-to">Send e-mails to</label>
                <input id="rem-to" type="email" placeholder="your mailbox's address" value={reminders.email_to ?? ''} onChange={(e) => setReminders({ ...reminders, email_to: e.target.value })} /></div>
            </fieldset>
            <div className="actions">
              <button className="btn primary" disabled={busy === 'reminders'} onClick={saveReminders}>Save reminders</button>
              <button className="btn" disabled={busy === 'push'} onClick={enablePush}>Turn on notifications on this device</button>
              <span className="hint">{reminders.push_subscriptions === 0 ? 'No device gets notifications yet.' : `${reminders.push_subscriptions} device${reminders.push_subscriptions === 1 ? '' : 's'} get notifications.`}</span>
            </div>
          </div>
        )}
        {note('reminders')}{note('push')}
      </section>

      <AutomationSettings />

      <section className="card" aria-labelledby="feed-title">
        <h3 id="feed-title">Calendar feed</h3>
        <p className="hint">Subscribe to this address in Google Calendar (Other calendars → From URL), Apple Calendar (File → New Calendar Subscription) or Outlook (Add calendar → Subscribe from web). Anyone with it can read your follow-ups, interviews and next actions.</p>
        {feed && (
          <div className="inline-form">
            <input className="grow" readOnly aria-label="Calendar feed address" value={feedUrl} onFocus={(e) => e.currentTarget.select()} />
            <button className="btn primary" onClick={copyFeed}>Copy</button>
            <button className="btn" disabled={busy === 'feed'} onClick={rotateFeed}>New address</button>
          </div>
        )}
        {feed && <p className="hint">{feed.events} event{feed.events === 1 ? '' : 's'} · address made {new Date(feed.rotated_at).toLocaleDateString()}</p>}
        {note('feed')}
      </section>

      <section className="card" aria-labelledby="caldav-title">
        <h3 id="caldav-title">Calendar connection (CalDAV)</h3>
        <p className="hint">iCloud (https://caldav.icloud.com), Fastmail (https://caldav.fastmail.com), Nextcloud, Radicale or any CalDAV server, with an app password. Meetings with your contacts are logged; follow-ups, interviews and next actions go to the calendar you name.</p>
        <div className="form-grid compact">
          <div className="field"><label htmlFor="cd-url">Server</label><input id="cd-url" type="url" value={caldav.server_url} onChange={(e) => setCaldav({ ...caldav, server_url: e.target.value })} placeholder="https://caldav.example.com" /></div>
          <div className="field"><label htmlFor="cd-user">User</label><input id="cd-user" value={caldav.username} onChange={(e) => setCaldav({ ...caldav, username: e.target.value })} autoComplete="username" /></div>
          <div className="field"><label htmlFor="cd-pw">App password</label><input id="cd-pw" type="password" value={caldav.password} onChange={(e) => setCaldav({ ...caldav, password: e.target.value })} placeholder={account?.password === 'set' ? 'saved (leave empty to keep)' : ''} autoComplete="current-password" /></div>
          <div className="field"><label htmlFor="cd-cal">Write to calendar</label><input id="cd-cal" value={caldav.write_calendar} onChange={(e) => setCaldav({ ...caldav, write_calendar: e.target.value })} placeholder="its name, e.g. Work" /></div>
        </div>
        <div className="actions">
          <button className="btn primary" disabled={busy === 'caldav'} onClick={saveCaldav}>{account ? 'Save' : 'Connect'}</button>
          {account && <button className="btn" disabled={busy === 'caldav'} onClick={syncNow}>Sync now</button>}
          {account && <span className="hint">{account.last_sync_at ? `Last synced ${new Date(account.last_sync_at).toLocaleString()}` : 'Not synced yet'}{account.last_sync_error ? ` · last error: ${account.last_sync_error}` : ''}</span>}
        </div>
        {note('caldav')}
      </section>

      <CrmSyncSettings />

      <TeamsSettings />

      <WebhookSettings />

      <AdminSettings />

      <YourDataSettings />
    </div>
  );
}
