/**
 * Video-call links of the three services interviews happen on: Zoom (any subdomain, /j/ and
 * /my/ rooms), Microsoft Teams (teams.microsoft.com and teams.live.com meeting links) and Google
 * Meet (meet.google.com/abc-defg-hij). The first one found in the texts, given in order of trust
 * (an event's URL before its location before its description), without trailing punctuation.
 */
const MEETING_LINK = /https:\/\/(?:[a-z0-9-]+\.)?zoom\.us\/[^\s<>"')\]]+|https:\/\/teams\.(?:microsoft|live)\.com\/[^\s<>"')\]]+|https:\/\/meet\.google\.com\/[a-z]{3,4}-[a-z]{4}-[a-z]{3,4}/i;

export function meetingLinkIn(...texts: Array<string | null | undefined>): string | null {
  for (const text of texts) {
    if (!text) continue;
    const m = MEETING_LINK.exec(text.slice(0, 50_000));
    if (m) return m[0].replace(/[.,;:!?]+$/, '');
  }
  return null;
}
