import type { MessageStructureObject } from 'imapflow';

/** What mailparser reads as text (its textTypes, with delivery reports not kept apart). */
const TEXT_TYPES = ['text/plain', 'text/html', 'message/delivery-status'];
const PLAIN_ENCODINGS = ['', '7bit', '8bit', 'binary'];

/**
 * The attachments' names of a message from its BODYSTRUCTURE, by the rule mailparser applies to
 * the whole message (what emailFromParsed keeps from it), so a message read in part names the
 * same attachments as one read whole: a leaf part is an attachment when it is not text or not
 * inline; one marked inline without a name (an image in the body) is left out; a message/rfc822
 * marked inline and not encoded is read into, as mailparser reads an embedded message; a name is
 * the disposition's filename, else the type's name, else "attachment".
 */
export function attachmentNames(structure: MessageStructureObject): string[] {
  const names: string[] = [];
  const walk = (node: MessageStructureObject) => {
    const type = (node.type || 'text/plain').toLowerCase();
    const disposition = (node.disposition ?? '').toLowerCase().trim();
    if (type.startsWith('multipart/')) {
      for (const child of node.childNodes ?? []) walk(child);
      return;
    }
    if (type === 'message/rfc822' && disposition === 'inline' && PLAIN_ENCODINGS.includes((node.encoding ?? '').toLowerCase()) && node.childNodes?.length) {
      for (const child of node.childNodes) walk(child);
      return;
    }
    const filename = node.dispositionParameters?.filename || node.parameters?.name || undefined;
    // mailparser: a disposition other than attachment or inline counts as attachment; none is inline for text
    const effective = disposition && disposition !== 'attachment' && disposition !== 'inline' ? 'attachment' : disposition || (TEXT_TYPES.includes(type) ? 'inline' : 'attachment');
    const isAttachment = !TEXT_TYPES.includes(type) || effective !== 'inline';
    if (isAttachment && (disposition !== 'inline' || filename)) names.push(filename ?? 'attachment');
  };
  walk(structure);
  return names;
}
