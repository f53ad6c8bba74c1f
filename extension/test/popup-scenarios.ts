import { expect } from 'vitest';
import type { ExtensionDriver, PopupView, Target } from './popup-driver.js';
import type { KithUnderTest } from './kith-under-test.js';
import { LINKEDIN_HOST } from './serve-fixtures.js';

/**
 * What the issue asks of the extension, as a person does it in the popup, each save checked in
 * the database. Chromium and Firefox run these same scenarios (extension.e2e.test.ts,
 * firefox.e2e.test.ts), each through its own ExtensionDriver, in this order: they share one Kith.
 */
export interface ScenarioContext {
  driver: ExtensionDriver;
  kith: KithUnderTest;
}

type Scenario = [title: string, run: (ctx: ScenarioContext) => Promise<void>];

const TIMEOUT = { timeout: 20_000 };
const field = (within: string, label: string): Target => ({ label, within });
const button = (name: string, within?: string): Target => ({ role: 'button', name, within });
const tab = (name: string): Target => ({ role: 'tab', name });
const resultOf = (view: PopupView, selector: string) => expect.poll(() => view.text(selector), TIMEOUT);
/** The answer to a click is where the user looks: within the popup's 600 px, not below the form. */
const inSight = async (view: PopupView, selector: string) => expect(await view.inView(selector), `${selector} in sight`).toBe(true);

async function jsonLdOnce({ driver, kith }: ScenarioContext): Promise<void> {
  const view = await driver.open(kith.fixtureUrl('greenhouse-graph.html'));
  const form = '#job-form';
  expect(await view.text('#job-source')).toMatch(/JSON-LD/);
  expect(await view.value(field(form, 'Job title'))).toBe('Senior Backend Engineer');
  expect(await view.value(field(form, 'Company'))).toBe('Acme Robotics');
  expect(await view.value(field(form, 'Salary'))).toBe('EUR 85,000–110,000 / year');
  await view.fill(field(form, 'Location'), 'Berlin (hybrid)');
  await view.select(field(form, 'Stage'), 'applied');
  await view.screenshot('popup-job');
  await view.click(button('Save job'));
  await resultOf(view, '#job-result').toMatch(/Saved Senior Backend Engineer at Acme Robotics \(applied\)/);
  await inSight(view, '#job-result');
  expect(await view.text('#job-result')).toMatch(/You know 1 person at Acme Robotics.*Omar Haddad, Engineering Manager/);
  await view.screenshot('popup-job-saved');
  const jobUrl = kith.fixtureUrl('jobs/acme/4012345');
  const rows = await kith.opportunitiesAt(jobUrl);
  expect(rows).toHaveLength(1);
  // the match score add_opportunity computed against the résumé, as stored, and the skills it found
  expect(rows[0].matchScore).toBeGreaterThan(0);
  const score = `Match score: ${Math.round(rows[0].matchScore! * 100)}%`;
  expect(await view.text('#job-result')).toContain(score);
  expect(await view.text('#job-result')).toMatch(/Found in your résumé: [^.]*PostgreSQL/);
  expect(rows[0]).toMatchObject({ jobTitle: 'Senior Backend Engineer', companyName: 'Acme Robotics', status: 'applied', location: 'Berlin (hybrid)', salaryRange: 'EUR 85,000–110,000 / year' });
  expect(rows[0].jobDescription).toContain('• Go and PostgreSQL');
  expect(rows[0].postedDate).toBe('2026-02-27');
  await view.close();

  // The same posting again, another stage chosen: nothing changes, and the popup says it is already there.
  const again = await driver.open(kith.fixtureUrl('greenhouse-graph.html'));
  await again.select(field(form, 'Stage'), 'interview');
  await again.click(button('Save job'));
  await resultOf(again, '#job-result').toMatch(/Already in Kith: Senior Backend Engineer at Acme Robotics \(applied\)/);
  expect(await again.text('#job-result')).toContain(score);
  expect(await kith.opportunitiesAt(jobUrl)).toEqual(rows);
  expect(await kith.opportunities()).toHaveLength(1);
  await again.close();
}

async function otherJsonLdLayouts({ driver, kith }: ScenarioContext): Promise<void> {
  // Lever/Ashby: a top-level array, the organization nested, remote work, raw HTML, its own url
  // with a tracking parameter; Workday/Indeed: one object, the organization as text, pay per hour.
  const layouts = [
    {
      page: 'lever-array.html', key: 'https://jobs.example/globex/7c1e2a90-1111-4c3b-9d0e-5f6a7b8c9d0e', saved: 'Staff Platform Engineer at Globex',
      row: { jobTitle: 'Staff Platform Engineer', companyName: 'Globex', location: 'Remote (European Union); Lisbon, Portugal', salaryRange: 'USD 140,000–175,000 / year', postedDate: '2026-03-01' },
      text: '• Design multi-region clusters',
    },
    {
      page: 'workday-single.html', key: kith.fixtureUrl('workday-single.html'), saved: 'Warehouse Data Analyst at Initech',
      row: { jobTitle: 'Warehouse Data Analyst', companyName: 'Initech', location: '1 Infinite Loop, Austin, TX', salaryRange: 'USD 38.5 / hour', postedDate: '2026-02-15' },
      text: 'Build the weekly dashboard.',
    },
  ];
  for (const { page, key, saved, row, text } of layouts) {
    const view = await driver.open(kith.fixtureUrl(page));
    expect(await view.text('#job-source')).toMatch(/JSON-LD/);
    await view.click(button('Save job'));
    await resultOf(view, '#job-result').toContain(`Saved ${saved} (interested)`);
    const rows = await kith.opportunitiesAt(key);
    expect(rows).toMatchObject([{ ...row, status: 'interested' }]);
    expect(rows[0].jobDescription).toContain(text);
    expect(rows[0].jobDescription).not.toMatch(/<|&amp;/);
    await view.close();
    const before = await kith.rowCount();
    const again = await driver.open(kith.fixtureUrl(page));
    await again.click(button('Save job'));
    await resultOf(again, '#job-result').toContain(`Already in Kith: ${saved}`);
    expect(await kith.rowCount()).toBe(before);
    expect(await kith.opportunitiesAt(key)).toEqual(rows);
    await again.close();
  }
}

async function microdataAndPlain({ driver, kith }: ScenarioContext): Promise<void> {
  const micro = await driver.open(kith.fixtureUrl('microdata.html'));
  expect(await micro.text('#job-source')).toMatch(/microdata/);
  await micro.click(button('Save job'));
  await resultOf(micro, '#job-result').toMatch(/Saved Product Designer at Umbrella Corp \(interested\).*You know nobody at Umbrella Corp/);
  expect(await kith.opportunitiesAt(kith.fixtureUrl('microdata.html'))).toMatchObject([{ companyName: 'Umbrella Corp', salaryRange: 'USD 90,000–120,000 / year', location: 'Raccoon City, MO, US', postedDate: '2026-01-20' }]);
  await micro.close();

  const plain = await driver.open(kith.fixtureUrl('plain.html'), 'pitch');
  const form = '#job-form';
  expect(await plain.text('#job-source')).toMatch(/No job posting data/);
  expect(await plain.value(field(form, 'Job title'))).toBe("We're hiring: Site Reliability Engineer");
  expect(await plain.value(field(form, 'Description'))).toBe('Hooli is hiring an SRE to keep search fast. Rust, Linux, on-call.');
  expect(await plain.value(field(form, 'Company'))).toBe('');
  await plain.fill(field(form, 'Company'), 'Hooli');
  await plain.click(button('Save job'));
  await resultOf(plain, '#job-result').toMatch(/Saved We're hiring: Site Reliability Engineer at Hooli/);
  expect(await kith.opportunitiesAt(kith.fixtureUrl('plain.html'))).toMatchObject([{ companyName: 'Hooli', jobDescription: 'Hooli is hiring an SRE to keep search fast. Rust, Linux, on-call.' }]);
  await plain.close();
}

async function personOnceAndInteraction({ driver, kith }: ScenarioContext): Promise<void> {
  const view = await driver.open(kith.fixtureUrl('plain.html'), 'person');
  await view.click(tab('Person'));
  const form = '#person-form';
  expect(await view.value(field(form, 'Name'))).toBe('Dana Scully');
  expect(await view.value(field(form, 'Title'))).toBe('Senior Recruiter');
  expect(await view.value(field(form, 'Company'))).toBe('Hooli');
  expect(await view.value(field(form, 'E-mail'))).toBe('dana.scully@hooli.example');
  expect(await view.value(field(form, 'Profile URL'))).toBe(kith.fixtureUrl('plain.html'));
  await view.click(button('Save contact'));
  await resultOf(view, '#person-result').toBe('Saved: Dana Scully (Hooli)');
  await inSight(view, '#person-result');
  await view.screenshot('popup-person-saved');
  const before = await kith.rowCount();
  await view.click(button('Save contact'));
  await resultOf(view, '#person-result').toBe('Already in Kith: Dana Scully (Hooli)');
  expect(await kith.rowCount()).toBe(before);
  const danas = await kith.contactsWithEmail('dana.scully@hooli.example');
  expect(danas).toHaveLength(1);
  expect(danas[0]).toMatchObject({ firstName: 'Dana', lastName: 'Scully', jobTitle: 'Senior Recruiter', company: 'Hooli' });
  expect(danas[0].notes).toContain(`Profile: ${kith.fixtureUrl('plain.html')}`);

  await view.fill(field(form, 'Note'), 'Asked about the SRE role; she will send the referral link');
  await view.select(field(form, 'Interaction'), 'call');
  await view.click(button('Log interaction'));
  await resultOf(view, '#person-result').toMatch(/Logged with Dana Scully/);
  expect(await kith.interactionsWith(danas[0].id)).toMatchObject([{ interactionType: 'call', notes: 'Asked about the SRE role; she will send the referral link' }]);
  await view.close();

  // A LinkedIn profile, nothing selected: the person comes from the page's title, and the profile
  // URL is the key: the same profile again (another address of it, no e-mail) changes nothing.
  const profileUrl = kith.fixtureUrl('in/fox-mulder/', LINKEDIN_HOST);
  const profile = await driver.open(profileUrl);
  expect(await profile.attribute(tab('Person'), 'aria-selected')).toBe('true');
  expect(await profile.value(field(form, 'Name'))).toBe('Fox Mulder');
  expect(await profile.value(field(form, 'Title'))).toBe('Special Agent');
  expect(await profile.value(field(form, 'Company'))).toBe('FBI');
  expect(await profile.value(field(form, 'E-mail'))).toBe('');
  await profile.click(button('Save contact'));
  await resultOf(profile, '#person-result').toBe('Saved: Fox Mulder (FBI)');
  const foxes = await kith.contactsNamed('Fox', 'Mulder');
  expect(foxes).toMatchObject([{ jobTitle: 'Special Agent', company: 'FBI', email: null, linkedinUrl: profileUrl, contactSource: 'linkedin' }]);
  await profile.close();
  const counted = await kith.rowCount();
  const sameProfile = await driver.open(`${profileUrl}?trk=public_profile_browsemap`);
  await sameProfile.click(button('Save contact'));
  await resultOf(sameProfile, '#person-result').toBe('Already in Kith: Fox Mulder (FBI)');
  expect(await kith.rowCount()).toBe(counted);
  expect(await kith.contactsNamed('Fox', 'Mulder')).toEqual(foxes);
  await sameProfile.close();
}

async function interactionWithSomeoneInKith({ driver, kith }: ScenarioContext): Promise<void> {
  // Omar was in Kith before (kith-under-test.ts): the popup logs with him without saving him again.
  const form = '#person-form';
  const [omar] = await kith.contactsNamed('Omar', 'Haddad');
  const view = await driver.open(kith.fixtureUrl('team.html'), 'omar');
  expect(await view.attribute(tab('Person'), 'aria-selected')).toBe('true');
  expect(await view.value(field(form, 'Name'))).toBe('Omar Haddad');
  const before = await kith.rowCount();
  await view.fill(field(form, 'Note'), 'Coffee at the office: the team is hiring a second backend engineer in May');
  await view.select(field(form, 'Interaction'), 'meeting');
  await view.click(button('Log interaction'));
  await resultOf(view, '#person-result').toBe('Logged with Omar Haddad: Coffee at the office: the team is hiring a second backend engineer in May');
  expect(await kith.interactionsWith(omar.id)).toMatchObject([{ interactionType: 'meeting', notes: 'Coffee at the office: the team is hiring a second backend engineer in May' }]);
  expect(await kith.contactsNamed('Omar', 'Haddad')).toHaveLength(1);
  expect(await kith.rowCount()).toBe(before + 1);
  await view.close();

  // someone Kith does not know: the popup says to save them first, and nothing is logged
  const stranger = await driver.open(kith.fixtureUrl('team.html'), 'walter');
  expect(await stranger.value(field(form, 'Name'))).toBe('Walter Skinner');
  await stranger.fill(field(form, 'Note'), 'Said hello');
  await stranger.click(button('Log interaction'));
  await resultOf(stranger, '#person-result').toBe('Walter Skinner is not in Kith yet: save the contact first.');
  expect(await kith.rowCount()).toBe(before + 1);
  await stranger.close();
}

async function openGmailMessage({ driver, kith }: ScenarioContext): Promise<void> {
  const view = await driver.open(kith.fixtureUrl('gmail.html'));
  expect(await view.attribute(tab('E-mail'), 'aria-selected')).toBe('true');
  const form = '#mail-form';
  expect(await view.value(field(form, 'Address'))).toBe('priya@stripe.com');
  // no message source on this page: no "Send the raw message", and the fields are the user's to edit
  expect(await view.visible('#mail-raw')).toBe(false);
  expect(await view.disabled(field(form, 'Address'))).toBe(false);
  await view.screenshot('popup-mail');
  await view.click(button('Log e-mail'));
  await resultOf(view, '#mail-result').toBe('Logged the e-mail with Priya Patel: Re: Platform role at Stripe');
  await inSight(view, '#mail-result');
  const [priya] = await kith.contactsWithEmail('priya@stripe.com');
  const mails = await kith.interactionsWith(priya.id);
  expect(mails).toMatchObject([{ interactionType: 'email', subject: 'Re: Platform role at Stripe', notes: 'Hi! Yes, it is. The hiring manager can talk on Thursday.\nSend me your CV.' }]);
  expect(mails[0].interactionDate.toISOString().slice(0, 10)).toBe('2026-03-03');
  // the same message logged again: the one interaction, nothing changed
  const counted = await kith.rowCount();
  await view.click(button('Log e-mail'));
  await resultOf(view, '#mail-result').toBe('Already logged with Priya Patel: Re: Platform role at Stripe; nothing changed.');
  expect(await kith.rowCount()).toBe(counted);
  expect(await kith.interactionsWith(priya.id)).toEqual(mails);
  await view.close();

  // Outlook's reading pane with part of the message selected: the selection is what is logged
  const outlook = await driver.open(kith.fixtureUrl('outlook.html'), 'deadline');
  expect(await outlook.attribute(tab('E-mail'), 'aria-selected')).toBe('true');
  expect(await outlook.value(field(form, 'Subject'))).toBe('Offer details for the platform role');
  expect(await outlook.value(field(form, 'Text'))).toBe('Let me know by Friday.');
  await outlook.click(button('Log e-mail'));
  await resultOf(outlook, '#mail-result').toBe('Logged the e-mail with Priya Patel: Offer details for the platform role');
  const logged = (await kith.interactionsWith(priya.id)).filter((i) => i.subject === 'Offer details for the platform role');
  expect(logged).toMatchObject([{ interactionType: 'email', notes: 'Let me know by Friday.' }]);
  expect(logged[0].interactionDate.toISOString().slice(0, 10)).toBe('2026-03-09');
  await outlook.close();

  // The thread's last message is the user's own reply: not logged with whoever a search for "Me"
  // finds (Omar, at "Acme"); with the other person's name and address put in, it is logged with them.
  const own = await driver.open(kith.fixtureUrl('gmail-stable.html'));
  expect(await own.value(field(form, 'Address'))).toBe('me@example.com');
  const before = await kith.rowCount();
  await own.click(button('Log e-mail'));
  await resultOf(own, '#mail-result').toBe('This message is from you (me@example.com): put the address of the person it was with in Address, or open their message.');
  expect(await kith.rowCount()).toBe(before);
  await own.fill(field(form, 'From'), 'Omar Haddad');
  await own.fill(field(form, 'Address'), 'omar@acme-robotics.example');
  await own.click(button('Log e-mail'));
  await resultOf(own, '#mail-result').toBe('Logged the e-mail with Omar Haddad: Interview loop at Acme');
  const [omar] = await kith.contactsNamed('Omar', 'Haddad');
  expect((await kith.interactionsWith(omar.id)).filter((i) => i.interactionType === 'email')).toMatchObject([{ subject: 'Interview loop at Acme', notes: 'Tuesday at 10 works.\nThanks, see you then.' }]);
  await own.close();
}

async function rawMessage({ driver, kith }: ScenarioContext): Promise<void> {
  const view = await driver.open(kith.fixtureUrl('gmail-original.html'));
  expect(await view.attribute(tab('E-mail'), 'aria-selected')).toBe('true');
  expect(await view.text('#mail-source')).toMatch(/The raw message, from Gmail's "Show original" \(1 kB\), Message-ID <CAGm8Qx2-interview-slot@mail\.gmail\.com>/);
  const form = '#mail-form';
  expect(await view.value(field(form, 'Address'))).toBe('priya@stripe.com');
  expect(await view.value(field(form, 'Subject'))).toBe('Interview slot for the platform role');
  expect(await view.visible('#mail-raw')).toBe(true);
  expect(await view.disabled(field(form, 'Address'))).toBe(true);
  expect(await view.checked('#mail-form [name="send_raw"]')).toBe(true);
  await view.screenshot('popup-raw-mail');
  await view.click(button('Log e-mail'));
  await resultOf(view, '#mail-result').toBe('Logged the e-mail "Interview slot for the platform role" with Priya Patel.');
  const gmail = await kith.storedMail('CAGm8Qx2-interview-slot@mail.gmail.com');
  expect(gmail.message).toMatchObject({ fromAddress: 'priya@stripe.com', fromName: 'Priya Patel', subject: 'Interview slot for the platform role', direction: 'incoming', toAddresses: ['me@example.com'] });
  // the Date: header to the second (10:12:17 +0100), not "Mar 11" read off the screen
  expect(gmail.message.sentAt.toISOString()).toBe('2026-03-11T09:12:17.000Z');
  expect(gmail.message.body).toContain('Does that work for you?');
  expect(gmail.interactions).toMatchObject([{ interactionType: 'email', subject: 'Interview slot for the platform role' }]);
  expect(gmail.interactions[0].interactionDate.toISOString()).toBe('2026-03-11T09:12:17.000Z');
  const before = await kith.rowCount();
  await view.click(button('Log e-mail'));
  await resultOf(view, '#mail-result').toBe('That e-mail was already logged; nothing changed.');
  expect(await kith.rowCount()).toBe(before);
  await view.close();

  // a page that is the message (text/plain) and a page linking to its .eml
  for (const [path, messageId, sentAt, subject] of [
    ['lunch-message.txt', 'plain-page-lunch@stripe.com', '2026-03-17T11:30:00.000Z', 'Team lunch on Friday'],
    ['eml-link.html', 'eml-link-cv-comments@stripe.com', '2026-03-16T12:05:00.000Z', 'Your CV, with comments'],
  ]) {
    const next = await driver.open(kith.fixtureUrl(path));
    await next.click(button('Log e-mail'));
    await resultOf(next, '#mail-result').toBe(`Logged the e-mail "${subject}" with Priya Patel.`);
    const { message, interactions } = await kith.storedMail(messageId);
    expect(message.sentAt.toISOString()).toBe(sentAt);
    expect(interactions[0].interactionDate.toISOString()).toBe(sentAt);
    await next.close();
  }
}

async function chatTurn({ driver, kith }: ScenarioContext): Promise<void> {
  const view = await driver.open(kith.fixtureUrl('plain.html'));
  await view.click(tab('Chat'));
  const box: Target = { label: 'Message Kith', within: '#chat-form' };
  await view.fill(box, 'had coffee with Priya, follow up Friday');
  await view.press(box, 'Enter');
  await expect.poll(() => view.text('article.card'), { timeout: 30_000 }).toMatch(/Priya Patel/);
  expect(await view.text('#chat-log')).toMatch(/2026-03-06/);
  expect(await view.text('.msg.user')).toBe('had coffee with Priya, follow up Friday');
  expect(await view.text('.msg.assistant')).toMatch(/Priya/);
  expect(await view.value(box)).toBe('');
  await view.screenshot('popup-chat');
  const [priya] = await kith.contactsWithEmail('priya@stripe.com');
  expect(priya.nextFollowUpDate).toBe('2026-03-06');
  const coffees = await kith.interactionsOfType('coffee_chat');
  expect(coffees.map((c) => c.contactId)).toEqual([priya.id]);
  await view.close();
}

async function wrongToken({ driver, kith }: ScenarioContext): Promise<void> {
  expect(await driver.configure(kith.serverUrl, 'kith_not-a-real-token')).toMatch(/Saved, but: Kith refused the token: The token is not valid/);
  const before = await kith.rowCount();
  const view = await driver.open(kith.fixtureUrl('lever-array.html'));
  await view.click(button('Save job'));
  await resultOf(view, '#job-result').toMatch(/Kith refused the token: The token is not valid\. Open the extension's options/);
  await inSight(view, '#job-result');
  await view.screenshot('popup-wrong-token');
  await view.click(tab('Chat'));
  await view.fill({ label: 'Message Kith', within: '#chat-form' }, 'add a contact named Nobody Atall');
  await view.click(button('Send', '#chat-form'));
  await expect.poll(() => view.text('#chat-log'), TIMEOUT).toMatch(/Kith refused the token/);
  // said in the conversation, which keeps what the user typed
  expect(await view.text('.msg.user')).toBe('add a contact named Nobody Atall');
  expect(await view.text('.msg.assistant.error')).toMatch(/^Kith refused the token/);
  await view.screenshot('popup-wrong-token-chat');
  expect(await kith.rowCount()).toBe(before);
  await view.close();

  // the Person tab (save, and log an interaction) and the E-mail tab (the open message, the raw one)
  const refused = /^Kith refused the token: The token is not valid\. Open the extension's options/;
  const person = await driver.open(kith.fixtureUrl('team.html'), 'walter');
  await person.click(button('Save contact'));
  await resultOf(person, '#person-result').toMatch(refused);
  await person.fill(field('#person-form', 'Note'), 'Said hello');
  await person.click(button('Log interaction'));
  await resultOf(person, '#person-result').toMatch(refused);
  await person.close();
  for (const page of ['gmail.html', 'gmail-original.html']) {
    const mail = await driver.open(kith.fixtureUrl(page));
    await mail.click(button('Log e-mail'));
    await resultOf(mail, '#mail-result').toMatch(refused);
    await mail.close();
  }
  expect(await kith.rowCount()).toBe(before);
  expect(await kith.contactsNamed('Walter', 'Skinner')).toEqual([]);
  expect(await driver.configure(kith.serverUrl, kith.token)).toMatch(/^Saved\. Connected to http:\/\/127\.0\.0\.1:\d+ as /);
}

/** The scenarios in the order they run (the wrong token last: it sets the right one back). */
export const POPUP_SCENARIOS: Scenario[] = [
  ['saves a JSON-LD posting as an opportunity once, with the stage chosen, and shows its match score and who the user knows there', jsonLdOnce],
  ['saves the Lever-style (array, nested organization, remote, raw HTML) and Workday-style (one object, pay per hour) layouts once each', otherJsonLdLayouts],
  ['saves a microdata-only posting and a page with no posting data (title, URL, selected text)', microdataAndPlain],
  ['saves a selected person once (a second save changes nothing) and logs an interaction with a note', personOnceAndInteraction],
  ['logs an interaction, with a note, with someone already in Kith; someone not in Kith is refused and nothing is logged', interactionWithSomeoneInKith],
  ['logs the open Gmail message once (a second log changes nothing), the selected part of an Outlook message, and not the user\'s own message by its sender, to the matching contact', openGmailMessage],
  ["sends the raw message when the page shows its source: the headers, date and Message-ID are the message's, and a second send changes nothing", rawMessage],
  ['sends a chat turn and shows the reply and its card', chatTurn],
  ['with a wrong token: a clear message on every tab (job, person, interaction, e-mail, raw e-mail, chat), and nothing is saved', wrongToken],
];
