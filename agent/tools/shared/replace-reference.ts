/** The text as a regular expression that matches exactly it. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The sentence with its first mention of the reference (as a whole word, in any case) replaced by
 * the contact the user chose, or the contact added at the end when the sentence does not name it.
 * Slack's and the web page's "which Priya?" buttons both re-run the sentence this way.
 */
export function replaceReference(sentence: string, reference: string, by: string): string {
  const mention = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(reference)}(?![\\p{L}\\p{N}])`, 'iu');
  return mention.test(sentence) ? sentence.replace(mention, (_m, before: string) => `${before}${by}`) : `${sentence} (I mean ${by})`;
}
