import { extractJobPosting, type JobDraft } from './job-posting.js';
import { extractPerson, type PersonDraft } from './person.js';
import { extractMail, type MailDraft } from './mail.js';
import { findRawMail, type RawMail } from './raw-mail.js';

export interface PageCapture {
  url: string;
  title: string;
  selection: string;
  job: JobDraft;
  person: PersonDraft;
  mail: MailDraft;
  /** The message's source when the page shows it or links to it (then the e-mail is logged from it). */
  rawMail: RawMail | null;
}

export async function capturePage(doc: Document, url: string, selection: string): Promise<PageCapture> {
  return {
    url,
    title: doc.title,
    selection,
    job: extractJobPosting(doc, url, selection),
    person: extractPerson(doc, url, selection),
    mail: extractMail(doc, selection),
    rawMail: await findRawMail(doc, url),
  };
}

/**
 * Injected into the tab with chrome.scripting (activeTab): it only reads the page (and an .eml it
 * links to on its own origin), and the popup calls the function it leaves in the extension's isolated world.
 */
(globalThis as { __kithCapture?: () => Promise<PageCapture> }).__kithCapture = () =>
  capturePage(document, location.href, String(globalThis.getSelection?.() ?? ''));
