/**
 * Merging what a file says into what Kith (or an earlier record of the file) has: an empty field
 * takes the file's value; a field that already has another value keeps it, and the file's value
 * becomes a line of the notes (once: a second import finds the line and changes nothing); notes
 * gain the lines they do not have; tags are the union. Returns the fields that changed.
 */
export function mergeInto<T extends { notes: string | null; tags?: string[] }>(
  base: T,
  incoming: T,
  fields: Array<{ key: keyof T; label: string; same?: (a: string, b: string) => boolean; keepQuietly?: boolean }>,
): string[] {
  const changed = new Set<string>();
  const noteLines = (base.notes ?? '').split('\n').filter(Boolean);
  const addNote = (line: string) => {
    if (!noteLines.includes(line)) { noteLines.push(line); changed.add('notes'); }
  };
  for (const { key, label, same, keepQuietly } of fields) {
    const now = base[key] as unknown as string | null;
    const next = incoming[key] as unknown as string | null;
    if (next === null || next === undefined || next === '') continue;
    if (now === null || now === undefined || now === '') { (base as Record<keyof T, unknown>)[key] = next; changed.add(String(key)); continue; }
    const equal = same ? same(String(now), String(next)) : String(now).toLowerCase() === String(next).toLowerCase();
    if (!equal && !keepQuietly) addNote(`${label}: ${next}`);
  }
  for (const line of (incoming.notes ?? '').split('\n').filter(Boolean)) addNote(line);
  if (changed.has('notes')) base.notes = noteLines.join('\n');
  if (incoming.tags && base.tags) {
    const union = [...new Set([...base.tags, ...incoming.tags])].sort();
    if (union.length !== base.tags.length) { base.tags = union; changed.add('tags'); }
  }
  return [...changed];
}
