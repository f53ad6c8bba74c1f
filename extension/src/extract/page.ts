import { extractJobPosting, type JobDraft } from './job-posting.js';
import { extractPerson, type PersonDraft } from './person.js';
import { extractMail, type MailDraft } from './mail.js';

export interface PageCapture {
  url: string;
  title: string;
  selection: string;
  job: JobDraft;
  person: PersonDraft;
  mail: MailDraft;
}

export function capturePage(doc: Document, url: string, selection: string): PageCapture {
  return {
    url,
    title: doc.title,
    selection,
    job: extractJobPosting(doc, url, selection),
    person: extractPerson(doc, url, selection),
    mail: extractMail(doc, selection),
  };
}

/**
 * Injected into the tab with chrome.scripting (activeTab): it only reads the page, and the popup
 * calls the function it leaves in the extension's isolated world.
 */
(globalThis as { __kithCapture?: () => PageCapture }).__kithCapture = () =>
  capturePage(document, location.href, String(globalThis.getSelection?.() ?? ''));
