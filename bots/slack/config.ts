/** What the Slack bot needs from the environment; null when Slack is not configured. */
export interface SlackConfig {
  botToken: string;
  /** HTTP mode (POST /slack/events) verifies requests with it. */
  signingSecret?: string;
  /** Socket Mode when set (xapp-…): no public URL needed. */
  appToken?: string;
  /** Another Slack Web API base (tests point it at a fake): SLACK_API_URL. */
  apiUrl?: string;
  /** Whether the daily digest runs in this process (SLACK_DIGEST=off turns it off). */
  digest: boolean;
}

export function readSlackConfig(env: NodeJS.ProcessEnv = process.env): SlackConfig | null {
  const botToken = env.SLACK_BOT_TOKEN?.trim();
  if (!botToken) return null;
  const signingSecret = env.SLACK_SIGNING_SECRET?.trim() || undefined;
  const appToken = env.SLACK_APP_TOKEN?.trim() || undefined;
  if (!signingSecret && !appToken) return null;
  return {
    botToken,
    signingSecret,
    appToken,
    apiUrl: env.SLACK_API_URL?.trim() || undefined,
    digest: env.SLACK_DIGEST !== 'off',
  };
}

/** Slack's client wants the base with a trailing slash: https://slack.com/api/ */
export const apiBase = (url: string): string => (url.endsWith('/') ? url : `${url}/`);
