/// <reference types="chrome" />
import { loadSettings } from '../shared/settings.js';
import { kithClient, type KithClient } from '../shared/kith-client.js';
import type { PageCapture } from '../extract/page.js';
import { byId, el, fillForm, formValues, setStatus, showResult } from './dom.js';
import { capture, targetTab } from './capture.js';
import { describeJob, saveJob } from './save-job.js';
import { fullName, logInteraction, saveContact } from './save-person.js';
import { logMail, logRawMail, senderOf } from './log-mail.js';
import { chatSession, turnCards } from './chat.js';

const TABS = ['job', 'person', 'mail', 'chat'] as const;
type Tab = (typeof TABS)[number];

function show(tab: Tab): void {
  for (const t of TABS) {
    byId(`panel-${t}`).hidden = t !== tab;
    byId(`tab-${t}`).setAttribute('aria-selected', String(t === tab));
  }
}

/** The tab that fits the page: its open message, its posting, the person selected, else the job form. */
function bestTab(page: PageCapture | null): Tab {
  if (!page) return 'chat';
  if (page.rawMail) return 'mail';
  if (page.mail.client === 'gmail' || page.mail.client === 'outlook' || page.mail.client === 'microdata') return 'mail';
  if (page.job.source !== 'page') return 'job';
  if (page.person.name) return 'person';
  return 'job';
}

/** Runs a save: the button is busy meanwhile; an error (a refused token, a bad field) is shown, not lost. */
function onSubmit(form: HTMLFormElement, box: HTMLElement, run: (values: Record<string, string>, submitter: string) => Promise<void>): void {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const submitter = ((event as SubmitEvent).submitter as HTMLButtonElement | null)?.value ?? '';
    const buttons = Array.from(form.querySelectorAll('button'));
    buttons.forEach((b) => (b.disabled = true));
    setStatus('');
    try {
      await run(formValues(form), submitter);
    } catch (error) {
      showResult(box, (error as Error).message, [], true);
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  });
}

function wire(kith: KithClient, page: PageCapture | null): void {
  const jobForm = byId<HTMLFormElement>('job-form');
  onSubmit(jobForm, byId('job-result'), async (values) => {
    const { title, lines } = describeJob(await saveJob(kith, values, page?.job ?? null));
    showResult(byId('job-result'), title, lines);
  });
  onSubmit(byId<HTMLFormElement>('person-form'), byId('person-result'), async (values, action) => {
    if (action === 'interaction') {
      const { contact, subject } = await logInteraction(kith, values);
      showResult(byId('person-result'), `Logged with ${fullName(contact)}: ${subject}`);
    } else {
      const { contact, alreadySaved } = await saveContact(kith, values);
      showResult(byId('person-result'), `${alreadySaved ? 'Already in Kith' : 'Saved'}: ${fullName(contact)}${contact.company ? ` (${contact.company})` : ''}`);
    }
  });
  onSubmit(byId<HTMLFormElement>('mail-form'), byId('mail-result'), async (values) => {
    if (page?.rawMail && values.send_raw) {
      showResult(byId('mail-result'), (await logRawMail(kith, page.rawMail)).message);
      return;
    }
    const { name, subject, alreadyLogged } = await logMail(kith, values);
    showResult(byId('mail-result'), alreadyLogged ? `Already logged with ${name}: ${subject}; nothing changed.` : `Logged the e-mail with ${name}: ${subject}`);
  });
  const send = chatSession(kith);
  const log = byId('chat-log');
  const chatForm = byId<HTMLFormElement>('chat-form');
  const box = chatForm.elements.namedItem('message') as HTMLTextAreaElement;
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      chatForm.requestSubmit();
    }
  });
  onSubmit(chatForm, log, async ({ message }) => {
    if (!message) return;
    log.append(el('div', { className: 'msg user', text: message }));
    box.value = '';
    // a refused token or an unreachable Kith answers in the conversation, which stays on screen
    try {
      const turn = await send(message);
      log.append(el('div', { className: `msg assistant${turn.error ? ' error' : ''}`, text: turn.error ?? (turn.text || '(no reply)') }), ...turnCards(turn));
    } catch (error) {
      log.append(el('div', { className: 'msg assistant error', text: (error as Error).message }));
    }
    log.scrollTop = log.scrollHeight;
  });
}

const RAW_SOURCES = { 'gmail-original': 'Gmail\'s "Show original"', 'message-source': 'the message source on this page', 'message-page': 'this page, which is the message', 'eml-link': 'the .eml file this page links to' } as const;

/**
 * The page shows the message's source: the form shows its headers, and while "Send the raw
 * message" is ticked the fields are read-only (the server reads the source itself).
 */
function showRawMail(page: PageCapture): void {
  const raw = page.rawMail!;
  const form = byId<HTMLFormElement>('mail-form');
  fillForm(form, { ...senderOf(raw.from), subject: raw.subject, date: raw.date, text: page.selection.trim() || null });
  byId('mail-source').textContent = `The raw message, from ${RAW_SOURCES[raw.source]} (${Math.max(1, Math.round(raw.raw.length / 1024))} kB)${raw.message_id ? `, Message-ID ${raw.message_id}` : ''}.`;
  byId('mail-raw').hidden = false;
  const toggle = form.elements.namedItem('send_raw') as HTMLInputElement;
  const fields = ['sender_name', 'sender_email', 'subject', 'date', 'text'].map((n) => form.elements.namedItem(n) as HTMLInputElement);
  const sync = () => fields.forEach((f) => (f.disabled = toggle.checked));
  toggle.addEventListener('change', sync);
  sync();
}

async function main(): Promise<void> {
  for (const t of TABS) byId(`tab-${t}`).addEventListener('click', () => show(t));
  const settings = await loadSettings();
  if (!settings.token) byId('setup').hidden = false;
  let page: PageCapture | null = null;
  try {
    page = await capture(await targetTab());
  } catch (error) {
    setStatus(`This page cannot be read (${(error as Error).message}); the chat still works.`, true);
  }
  if (page) {
    fillForm(byId<HTMLFormElement>('job-form'), page.job);
    byId('job-source').textContent = page.job.source === 'page'
      ? 'No job posting data on this page: the title, address and selected text are filled in.'
      : `From the page's schema.org JobPosting (${page.job.source === 'json-ld' ? 'JSON-LD' : 'microdata'}).`;
    fillForm(byId<HTMLFormElement>('person-form'), page.person);
    fillForm(byId<HTMLFormElement>('mail-form'), page.mail);
    if (page.rawMail) showRawMail(page);
  }
  show(bestTab(page));
  document.body.dataset.ready = 'true';
  try {
    wire(kithClient(settings), page);
  } catch (error) {
    setStatus((error as Error).message, true);
  }
}

void main();
