import { trimEndOf } from './trim.js';

/**
 * One key per web page, so that saving a posting or a profile twice finds the first save: the
 * fragment, tracking parameters and a trailing slash do not make another page.
 */
const TRACKING = /^(utm_\w+|gh_src|gh_jid_src|lever-source|trk|trkInfo|refId|trackingId|src|source|ref|fbclid|gclid|mc_[a-z]+)$/i;

export function normalizePageUrl(raw: string): string {
  const url = new URL(raw.trim());
  url.hash = '';
  for (const key of [...url.searchParams.keys()]) if (TRACKING.test(key)) url.searchParams.delete(key);
  url.searchParams.sort();
  if (url.pathname.length > 1) url.pathname = trimEndOf(url.pathname, '/');
  return url.toString();
}

/** A profile page is its address without query, fragment, trailing slash or case (LinkedIn's /in/Priya/ is /in/priya). */
export function profileUrlKey(raw: string): string {
  const url = new URL(raw.trim());
  return `${url.origin}${trimEndOf(url.pathname, '/')}`.toLowerCase();
}
