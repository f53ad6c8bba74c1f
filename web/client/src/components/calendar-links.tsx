/** "Add to calendar": the card's date as an .ics file (GET /api/calendar/<task-id|opportunity-id>.ics). */
export function IcsLink({ item, label }: { item: string; label: string }) {
  return <a className="btn small" href={`/api/calendar/${item}.ics`} download>.ics<span className="sr-only"> file: add {label} to a calendar</span></a>;
}

const SERVICE: Array<[RegExp, string]> = [[/zoom\.us\//i, 'Zoom'], [/teams\.(microsoft|live)\.com\//i, 'Teams'], [/meet\.google\.com\//i, 'Meet']];

/** A Zoom, Teams or Meet link kept on an interview, as a "Join" link naming the service. */
export function MeetingLink({ url }: { url: string | null | undefined }) {
  if (!url || !/^https:\/\//.test(url)) return null;
  const service = SERVICE.find(([re]) => re.test(url))?.[1] ?? 'the call';
  return <a href={url} target="_blank" rel="noopener noreferrer">Join on {service}</a>;
}
