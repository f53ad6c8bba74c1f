import { type Block, context, section } from './kit.js';

export const HELP_TEXT = 'Kith is your personal CRM. Try: /kith log coffee with Priya, follow up Friday';

/** What `/kith` alone (or `/kith help`) shows. */
export function helpBlocks(): Block[] {
  return [
    section('*Kith* — your personal CRM. Tell it what happened in plain words:'),
    section([
      '• `/kith log coffee with Priya, follow up Friday`',
      '• `/kith add Lucas Meyer, recruiter at Stripe, lucas@stripe.com`',
      '• `/kith who do I need to follow up with?`',
      '• `/kith what\'s Priya\'s email?`',
      '• `/kith moved Stripe to interview`',
      '• `/kith pipeline`',
    ].join('\n')),
    section([
      '*Also*',
      '• Mention @Kith in a channel or DM it: it answers in the thread, and the thread is the conversation.',
      '• The Home tab shows today\'s follow-ups, overdue ones and your pipeline.',
      '• A digest arrives by DM each morning (9:00 your time): `/kith digest 8` moves it to 8:00.',
      '• Already use Kith elsewhere? Run `kith slack link-code` (or use the web page) and type `/kith link <code>` here.',
    ].join('\n')),
    context('Only you see /kith answers. Your data is yours alone: nobody else\'s Kith can read it.'),
  ];
}
