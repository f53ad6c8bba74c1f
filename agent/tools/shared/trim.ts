/**
 * Trimming a run of given characters from the end of a string, in one pass from the end. The usual
 * /[.,]+$/ is quadratic: an unanchored search starts again at each character of a long run that is
 * not at the end ("....x"), and rescans the run from there. Pure: the web client and the extension
 * bundle this file too.
 */

/** `text` without the characters of `chars` that end it: trimEndOf("a/b//", "/") is "a/b". */
export function trimEndOf(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1])) end--;
  return text.slice(0, end);
}

/** `text` without the characters of `chars` that start it: trimStartOf("<<id>", "<") is "id>". */
export function trimStartOf(text: string, chars: string): string {
  let start = 0;
  while (start < text.length && chars.includes(text[start])) start++;
  return text.slice(start);
}
