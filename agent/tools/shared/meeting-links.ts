import { trimEndOf } from './trim.js';

/**
 * Video-call links of the three services interviews happen on: Zoom (any subdomain, /j/ and
 * /my/ rooms), Microsoft Teams (teams.microsoft.com and teams.live.com meeting links) and Google
 * Meet (meet.google.com/abc-defg-hij). The first one found in the texts, given in order of trust
 * (an event's URL before its location before its description), without trailing punctuation.
 */
// One expression per service, the earliest match winning (as their alternation would): recheck
// could not judge the alternation in its time limit.
const MEETING_LINKS = [
  /https:\/\/(?:[a-z0-9-]+\.)?zoom\.us\/[^\s<>"')\]]+/i,
  /https:\/\/teams\.(?:microsoft|live)\.com\/[^\s<>"')\]]+/i,
  /https:\/\/meet\.google\.com\/[a-z]{3,4}-[a-z]{4}-[a-z]{3,4}/i,
];

export function meetingLinkIn(...texts: Array<string | null | undefined>): string | null {
  for (const text of texts) {
    if (!text) continue;
    const head = text.slice(0, 50_000);
    let first: RegExpExecArray | null = null;
    for (const re of MEETING_LINKS) {
      const m = re.exec(head);
      if (m && (!first || m.index < first.index)) first = m;
    }
    if (first) return trimEndOf(first[0], '.,;:!?');
  }
  return null;
}
