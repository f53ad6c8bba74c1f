import { signSlackRequest } from '../signature.js';

export interface SignedRequestOptions {
  signingSecret: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Overrides the signature (to test a bad one). */
  signature?: string;
  headers?: Record<string, string>;
}

/** Posts to /slack/events the way Slack does: the v0 HMAC of `v0:{ts}:{body}` in X-Slack-Signature. */
export async function postSigned(url: string, body: string, contentType: string, options: SignedRequestOptions): Promise<{ status: number; text: string; ms: number }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? signSlackRequest(options.signingSecret, timestamp, body),
      ...options.headers,
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}

/** A slash command, as Slack sends it (application/x-www-form-urlencoded). */
export function slashCommandBody(fields: { text: string; userId: string; teamId?: string; channelId?: string; responseUrl: string; triggerId?: string }): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: fields.teamId ?? 'T1',
    team_domain: 'acme',
    channel_id: fields.channelId ?? 'C1',
    channel_name: 'general',
    user_id: fields.userId,
    user_name: fields.userId.toLowerCase(),
    command: '/kith',
    text: fields.text,
    api_app_id: 'A1',
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId ?? `${Date.now()}.${Math.random().toString().slice(2, 10)}`,
  }).toString();
}

/** A block_actions payload (form-encoded `payload=`). */
export function blockActionsBody(fields: {
  userId: string; teamId?: string; actionId: string; value?: string; selectedValue?: string; blockId?: string;
  responseUrl?: string; container?: Record<string, unknown>; message?: Record<string, unknown>; view?: Record<string, unknown>; channelId?: string;
}): string {
  const action = {
    type: fields.selectedValue ? 'overflow' : 'button',
    action_id: fields.actionId,
    block_id: fields.blockId ?? 'b1',
    ...(fields.selectedValue ? { selected_option: { value: fields.selectedValue, text: { type: 'plain_text', text: 'x' } } } : { value: fields.value, text: { type: 'plain_text', text: 'x' } }),
    action_ts: `${Date.now() / 1000}`,
  };
  const payload = {
    type: 'block_actions',
    team: { id: fields.teamId ?? 'T1', domain: 'acme' },
    user: { id: fields.userId, username: fields.userId.toLowerCase(), team_id: fields.teamId ?? 'T1' },
    api_app_id: 'A1',
    token: 'deprecated',
    trigger_id: `${Date.now()}.${Math.random().toString().slice(2, 10)}`,
    container: fields.container ?? { type: 'message', message_ts: '1.1', channel_id: fields.channelId ?? 'C1', is_ephemeral: true },
    ...(fields.channelId ? { channel: { id: fields.channelId, name: 'x' } } : {}),
    ...(fields.message ? { message: fields.message } : {}),
    ...(fields.view ? { view: fields.view } : {}),
    ...(fields.responseUrl ? { response_url: fields.responseUrl } : {}),
    actions: [action],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** An Events API callback (JSON). */
export function eventBody(event: Record<string, unknown>, fields: { eventId: string; teamId?: string }): string {
  return JSON.stringify({
    token: 'deprecated', team_id: fields.teamId ?? 'T1', api_app_id: 'A1', type: 'event_callback',
    event_id: fields.eventId, event_time: Math.floor(Date.now() / 1000), event,
    authorizations: [{ team_id: fields.teamId ?? 'T1', user_id: 'UBOT', is_bot: true }],
  });
}
