export type ConfirmationAnswer = 'yes' | 'no' | 'unclear';

// Each word a reply to "are you sure?" may hold. A reply is a yes only when every word is in YES_WORDS
// and one of them is a yes of its own; the same for no. Anything else (a question, a name, "but",
// another request) is unclear, and the question is asked again.
const YES_STRONG = new Set(['yes', 'y', 'yeah', 'yea', 'yep', 'yup', 'sure', 'ok', 'okay', 'k', 'confirm', 'confirmed', 'proceed', 'approve', 'approved', 'absolutely', 'definitely', 'correct', 'affirmative', 'go', 'delete', 'remove', 'merge', 'import']);
const YES_WORDS = new Set([...YES_STRONG, 'please', 'do', 'it', 'ahead', 'that', 'them', 'him', 'her', 'fine', 'thanks', 'thank', 'you', 'right', 'sounds', 'good', 'just', 'i', 'am', 'really']);
const NO_STRONG = new Set(['no', 'n', 'nope', 'nah', 'cancel', 'stop', "don't", 'dont', 'abort', 'never', 'keep', 'not']);
const NO_WORDS = new Set([...NO_STRONG, 'mind', 'it', 'them', 'him', 'her', 'please', 'thanks', 'thank', 'you', 'do', 'that', 'way', 'wait', 'leave']);

function isLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || code === 39 /* ' */ || code === 8217 /* ’ */;
}

/**
 * Reads a reply to "are you sure?" in one pass over the text: "yes", "no", or "unclear" for a
 * question, a mixed reply or anything else ("ok, but which Tom is that?", "sure? what would it
 * delete?"). Linear in the text, with no regular expression, so no input can make it slow.
 */
export function readConfirmation(text: string): ConfirmationAnswer {
  if (text.length > 200) return 'unclear';
  let yes = 0;
  let no = 0;
  let other = 0;
  let sawDo = false;
  let word = '';
  const flush = () => {
    if (!word) return;
    const w = word.replace(/’/g, "'");
    word = '';
    const inYes = YES_WORDS.has(w);
    const inNo = NO_WORDS.has(w);
    if (w === 'do') sawDo = true;
    if (YES_STRONG.has(w)) yes++;
    if (NO_STRONG.has(w)) no++;
    if (!inYes && !inNo) other++;
  };
  const lower = text.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    const code = lower.charCodeAt(i);
    if (code === 63 /* ? */) return 'unclear';
    if (isLetter(code)) word += lower[i];
    else if (code >= 48 && code <= 57) other++;
    else flush();
  }
  flush();
  if (other > 0) return 'unclear';
  // "please do", "do it": a yes with no yes-word of its own
  if (yes > 0 && no === 0) return 'yes';
  if (sawDo && yes === 0 && no === 0) return 'yes';
  if (no > 0 && yes === 0) return 'no';
  return 'unclear';
}
