import type { OAuthScope } from '../../accounts/oauth-store.js';

/** HTML-escapes a value shown on a page (client names and URIs come from whoever registered them). */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const STYLE = `
:root{color-scheme:light dark;--fg:#1f2328;--muted:#57606a;--bg:#fff;--card:#f6f8fa;--line:#d0d7de;--accent:#1f4fbf;--accent-fg:#fff}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9da7b3;--bg:#0d1117;--card:#161b22;--line:#30363d;--accent:#4c8dff;--accent-fg:#0d1117}}
*{box-sizing:border-box}body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;background:var(--bg);color:var(--fg);margin:0;line-height:1.5}
main{max-width:30rem;margin:3rem auto;padding:0 1rem}h1{font-size:1.35rem;margin:0 0 .5rem}p{margin:.5rem 0}.muted{color:var(--muted)}
.card{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:1rem 1.25rem;margin:1rem 0}
fieldset{border:0;padding:0;margin:0}legend{font-weight:600;margin-bottom:.5rem}label{display:flex;gap:.6rem;align-items:flex-start;padding:.5rem 0;cursor:pointer}
label small{display:block;color:var(--muted)}input[type=radio]{margin-top:.3rem;width:1.1rem;height:1.1rem}
input[type=password]{width:100%;font:inherit;padding:.55rem .7rem;border:1px solid var(--line);border-radius:.5rem;background:var(--bg);color:var(--fg)}
.actions{display:flex;gap:.75rem;margin-top:1.25rem}button{font:inherit;font-weight:600;padding:.6rem 1.3rem;border-radius:.5rem;cursor:pointer;border:1px solid var(--line);background:var(--bg);color:var(--fg)}
a.button{text-decoration:none;display:inline-block;font-weight:600;padding:.6rem 1.3rem;border-radius:.5rem;border:1px solid var(--line);color:var(--fg)}
button.primary,a.button.primary{background:var(--accent);border-color:var(--accent);color:var(--accent-fg)}code{overflow-wrap:anywhere}`;

export function oauthPage(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)} · Kith</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export interface ConsentView {
  clientName: string;
  /** Where the browser goes afterwards (shown so the user can tell the application is the one they meant). */
  redirectUri: string;
  userEmail: string;
  scopes: OAuthScope[];
  requestToken: string;
  /** The session's CSRF token (absent for the loopback owner, who has no session cookie). */
  csrf?: string;
}

/** The consent page: who asks, for whom, read only or read and write, Allow or Deny. */
export function consentPage(view: ConsentView): string {
  const target = (() => { try { const u = new URL(view.redirectUri); return u.host || u.protocol; } catch { return view.redirectUri; } })();
  const option = (scope: OAuthScope, title: string, detail: string, checked: boolean) =>
    `<label><input type="radio" name="scope" value="${scope}"${checked ? ' checked' : ''}><span>${title}<small>${detail}</small></span></label>`;
  const choices = [
    view.scopes.includes('write') ? option('write', 'Read and write', 'Look up and also add, change and delete contacts, interactions, tasks and opportunities. Deleting still asks you first.', true) : '',
    option('read', 'Read only', 'Look up contacts, interactions, follow-ups, tasks and the pipeline; change nothing.', !view.scopes.includes('write')),
  ].join('');
  return oauthPage(`Connect ${view.clientName} to Kith`, `
<p><strong>${escapeHtml(view.clientName)}</strong> asks to use your Kith through MCP.</p>
<p class="muted">Signed in as ${escapeHtml(view.userEmail)}. After you answer you go back to <code>${escapeHtml(target)}</code>.</p>
<form method="post" action="/oauth/authorize">
<input type="hidden" name="request" value="${escapeHtml(view.requestToken)}">${view.csrf ? `<input type="hidden" name="csrf_token" value="${escapeHtml(view.csrf)}">` : ''}
<div class="card"><fieldset><legend>What it may do</legend>${choices}</fieldset></div>
<div class="actions"><button class="primary" type="submit" name="decision" value="allow">Allow</button><button type="submit" name="decision" value="deny">Deny</button></div>
</form>`);
}

/** Consent needs a signed-in browser: sign in on the main page, then come back to the same request. */
export function signInPage(returnTo: string): string {
  return oauthPage('Sign in to Kith', `
<p>An application asks to connect to your Kith. Sign in first, then continue here.</p>
<div class="actions"><a class="button primary" href="/#/" target="_blank" rel="noopener">Sign in</a><a class="button" href="${escapeHtml(returnTo)}">Continue</a></div>`);
}
