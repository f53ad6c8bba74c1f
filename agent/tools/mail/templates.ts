/**
 * E-mail templates: text with {{variables}}. A variable written {{name?}} is optional: the line
 * holding it is left out when there is no value (a personal line from the contact's insights, say).
 * A required variable without a value stays visible as [name] and is listed as missing, so the
 * draft never reads as finished when it is not.
 */

export const TEMPLATE_VARIABLES = {
  'contact.first_name': 'The contact\'s first name',
  'contact.last_name': 'The contact\'s last name',
  'contact.full_name': 'The contact\'s full name',
  'contact.company': 'The contact\'s company',
  'contact.job_title': 'The contact\'s job title',
  company: 'The opportunity\'s company, else the contact\'s',
  'job.title': 'The opportunity\'s job title',
  'job.stage': 'The opportunity\'s stage, in words',
  'job.next_action': 'The opportunity\'s next step',
  'job.next_action_date': 'The date of the opportunity\'s next step',
  'my.name': 'Your name (the mailbox\'s display name)',
  'my.first_name': 'Your first name',
  'my.email': 'Your own address',
  today: 'Today\'s date',
  'last_contact_date': 'When you last were in touch with the contact',
  'last_subject': 'The subject of your last interaction with the contact',
  insight: 'A personal line from what Kith knows about the contact (its insights)',
  referrer: 'Who referred you to the opportunity',
} as const;

export type TemplateVariable = keyof typeof TEMPLATE_VARIABLES;

export interface Template { key: string; name: string; description: string; subject: string; body: string; builtin: boolean }

/** The built-ins: the common cases of a job search and of keeping in touch. */
export const BUILTIN_TEMPLATES: Template[] = [
  {
    key: 'thank_you_after_interview', builtin: true,
    name: 'Thank you after an interview',
    description: 'Thanks the interviewer the same day or the next',
    subject: 'Thank you, {{contact.first_name}}',
    body: [
      'Hi {{contact.first_name}},',
      '',
      'Thank you for taking the time to talk with me about the {{job.title}} role at {{company}}. I enjoyed learning more about the team and the work ahead.',
      '{{insight?}}',
      '',
      'Our conversation made me even more excited about the opportunity. Please let me know if there is anything else I can share.',
      '',
      'Best regards,',
      '{{my.name}}',
    ].join('\n'),
  },
  {
    key: 'follow_up_no_reply', builtin: true,
    name: 'Follow-up after no reply',
    description: 'A polite nudge when a message went unanswered',
    subject: 'Following up: {{last_subject}}',
    body: [
      'Hi {{contact.first_name}},',
      '',
      'I wanted to follow up on my message from {{last_contact_date}}. I know things get busy, so I\'m bringing it back to the top of your inbox.',
      '',
      'Would you have a few minutes to talk in the coming days?',
      '',
      'Thanks,',
      '{{my.name}}',
    ].join('\n'),
  },
  {
    key: 'ask_for_referral', builtin: true,
    name: 'Asking for a referral',
    description: 'Asks a contact to refer you to an opening at their company',
    subject: 'Referral for the {{job.title}} role at {{company}}?',
    body: [
      'Hi {{contact.first_name}},',
      '',
      'I hope you\'re doing well. I\'m applying for the {{job.title}} role at {{company}} and, since you know the team, I wondered whether you would be comfortable referring me.',
      '{{insight?}}',
      '',
      'I\'m happy to send my résumé and a short note you could forward. No pressure at all if it isn\'t a good fit.',
      '',
      'Thank you,',
      '{{my.name}}',
    ].join('\n'),
  },
  {
    key: 'networking_intro', builtin: true,
    name: 'Networking introduction',
    description: 'A first message to someone you would like to know',
    subject: 'Hello from {{my.first_name}}',
    body: [
      'Hi {{contact.first_name}},',
      '',
      'I\'m {{my.name}}. I came across your work at {{contact.company}} and would love to hear how you got there and what you are focused on now.',
      '{{insight?}}',
      '',
      'Would you be open to a 20-minute call in the next couple of weeks?',
      '',
      'Best,',
      '{{my.name}}',
    ].join('\n'),
  },
  {
    key: 'accept_offer', builtin: true,
    name: 'Accepting an offer',
    description: 'Accepts a job offer and asks for the next steps',
    subject: 'Accepting the {{job.title}} offer',
    body: [
      'Hi {{contact.first_name}},',
      '',
      'Thank you for the offer for the {{job.title}} position at {{company}}. I\'m delighted to accept.',
      '',
      'Please let me know the next steps and anything you need from me before my start date.',
      '',
      'Best regards,',
      '{{my.name}}',
    ].join('\n'),
  },
  {
    key: 'decline_offer', builtin: true,
    name: 'Declining an offer',
    description: 'Declines an offer or a process and keeps the door open',
    subject: 'The {{job.title}} role at {{company}}',
    body: [
      'Hi {{contact.first_name}},',
      '',
      'Thank you for the offer for the {{job.title}} role and for the time you and the team spent with me. After careful thought, I have decided not to accept.',
      '',
      'It was a pleasure getting to know {{company}}, and I hope our paths cross again.',
      '',
      'Kind regards,',
      '{{my.name}}',
    ].join('\n'),
  },
];

interface Token { name: string; optional: boolean; start: number; end: number }

/** The {{variables}} of a text, in order: one pass, no regular expression. */
export function templateTokens(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  for (;;) {
    const open = text.indexOf('{{', i);
    if (open < 0) break;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) break;
    let name = text.slice(open + 2, close).trim();
    const optional = name.endsWith('?');
    if (optional) name = name.slice(0, -1).trim();
    tokens.push({ name, optional, start: open, end: close + 2 });
    i = close + 2;
  }
  return tokens;
}

/** The variables of a template's text that Kith does not know (a typo in a user template). */
export function unknownVariables(text: string): string[] {
  return [...new Set(templateTokens(text).map((t) => t.name).filter((n) => !(n in TEMPLATE_VARIABLES)))];
}

export type TemplateValues = Partial<Record<string, string | null | undefined>>;

/** Fills a text: optional variables without a value take their line away; missing required ones show as [name]. */
export function fillTemplate(text: string, values: TemplateValues): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const lines = text.split('\n').flatMap((line) => {
    const tokens = templateTokens(line);
    if (tokens.some((t) => t.optional && !values[t.name]?.trim())) return [];
    let out = '';
    let at = 0;
    for (const t of tokens) {
      out += line.slice(at, t.start);
      const value = values[t.name]?.trim();
      if (value) out += value;
      else { missing.add(t.name); out += `[${t.name.replace(/[._]/g, ' ')}]`; }
      at = t.end;
    }
    return [out + line.slice(at)];
  });
  return { text: lines.join('\n').replace(/\n{3,}/g, '\n\n'), missing: [...missing] };
}

/** A mailto: link that opens the draft in the user's own mail program (RFC 6068). */
export function mailtoLink(to: string, subject: string, body: string): string {
  const q = (s: string) => encodeURIComponent(s.replace(/\r?\n/g, '\r\n'));
  return `mailto:${encodeURIComponent(to).replace(/%40/g, '@')}?subject=${q(subject)}&body=${q(body)}`;
}
