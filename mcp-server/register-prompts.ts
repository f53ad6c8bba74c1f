import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import type { GetPromptResult, PromptMessage } from '@modelcontextprotocol/sdk/types.js';
import { isToolError, type Candidate } from '../agent/tools/shared/errors.js';
import type { ContactRecord } from '../agent/tools/shared/schemas.js';
import type { McpContext } from './context.js';
import { backingTool, firstAcceptedInput } from './backing-tools.js';
import { contactUri, toMcpError } from './register-resources.js';

const text = (t: string): PromptMessage => ({ role: 'user', content: { type: 'text', text: t } });
const embedded = (uri: string, value: unknown): PromptMessage => ({
  role: 'user',
  content: { type: 'resource', resource: { uri, mimeType: 'application/json', text: JSON.stringify(value, null, 2) } },
});

/** Prompts that start common conversations, with the data they need read through catalog tools. */
export function registerPrompts(server: McpServer, { session, tools }: McpContext): void {
  const call = async (name: string, input: unknown) => {
    const { kith, userId } = await session();
    return kith.call(userId, name, input);
  };
  const getContact = backingTool(tools, 'getContact');
  const findContacts = backingTool(tools, 'findContacts');
  const followUps = backingTool(tools, 'followUps');
  const pipeline = backingTool(tools, 'pipeline');
  const dashboard = backingTool(tools, 'dashboard');
  const logInteraction = backingTool(tools, 'logInteraction');

  const contactArg = (description: string) => completable(z.string().min(1).describe(description), async (value) => {
    if (!findContacts) return [];
    try {
      const { contacts } = (await call(findContacts.name, { query: value.trim() || undefined, limit: 20 })) as { contacts: ContactRecord[] };
      return [...new Set(contacts.map((c) => `${c.first_name} ${c.last_name}`.trim()))];
    } catch {
      return [];
    }
  });

  server.registerPrompt(
    'weekly_review',
    {
      title: 'Weekly review',
      description: 'Review the week: follow-ups due and overdue, the job pipeline, and who to reach out to next.',
    },
    async (): Promise<GetPromptResult> => {
      const messages: PromptMessage[] = [text(
        'Let\'s do my weekly review in Kith, my personal CRM. Using the Kith tools:\n' +
        '1. List the follow-ups that are overdue or due this week, most urgent first, with one line on why each matters.\n' +
        '2. Summarize my job pipeline by stage and point out opportunities with no next action or a stale next action date.\n' +
        '3. Suggest up to five contacts I have not talked to in a while and should reach out to, with a reason for each.\n' +
        '4. End with a short, concrete to-do list for the coming week.\n' +
        'Ask before changing anything.',
      )];
      try {
        if (dashboard) messages.push(embedded('kith://dashboard', await call(dashboard.name, {})));
        if (followUps) messages.push(embedded('kith://follow-ups/this-week', await call(followUps.name, firstAcceptedInput(followUps, [{ window: 'this_week' }, {}]))));
        if (pipeline) messages.push(embedded('kith://pipeline', await call(pipeline.name, {})));
      } catch (error) {
        throw toMcpError(error);
      }
      return { description: 'Weekly review of follow-ups, pipeline and relationships', messages };
    },
  );

  if (getContact) {
    server.registerPrompt(
      'meeting_brief',
      {
        title: 'Meeting brief',
        description: 'Prepare for a meeting with a contact: who they are, your history, open threads and what to ask.',
        argsSchema: { contact: contactArg('The contact you are meeting: a name, email or id') },
      },
      async ({ contact }): Promise<GetPromptResult> => {
        let profile: { contact: ContactRecord };
        try {
          profile = (await call(getContact.name, { contact })) as { contact: ContactRecord };
        } catch (error) {
          throw toMcpError(error);
        }
        const name = `${profile.contact.first_name} ${profile.contact.last_name}`.trim();
        return {
          description: `Meeting brief for ${name}`,
          messages: [
            text(
              `I'm about to meet ${name}. From their Kith profile below, write a one-page brief: who they are ` +
              '(role, company, how we know each other, connection strength), a timeline of our last interactions, ' +
              'open threads and promised follow-ups, related job opportunities, and three good questions or topics to raise. ' +
              'Be concise; say so when something is unknown rather than guessing.',
            ),
            embedded(contactUri(profile.contact.id), profile),
          ],
        };
      },
    );
  }

  server.registerPrompt(
    'log_interaction',
    {
      title: 'Log an interaction',
      description: 'Record what happened with a contact (a call, meeting, coffee, email or LinkedIn message) and any follow-up.',
      argsSchema: {
        contact: contactArg('Who it was with: a name, email or id'),
        what_happened: z.string().min(1).describe('What happened, e.g. "coffee, talked about the platform team opening, follow up Friday"'),
      },
    },
    async ({ contact, what_happened }): Promise<GetPromptResult> => {
      let who = `the contact "${contact}"`;
      let note = '';
      if (getContact) {
        try {
          const { contact: c } = (await call(getContact.name, { contact, timeline_limit: 1 })) as { contact: ContactRecord };
          who = `${c.first_name} ${c.last_name}`.trim() + ` (contact id ${c.id})`;
        } catch (error) {
          if (isToolError(error) && error.code === 'ambiguous') {
            const candidates = (error.details.candidates as Candidate[]).map((c) => `${c.name}${c.company ? ` (${c.company})` : ''}, id ${c.id}`);
            note = `\n"${contact}" matches several contacts: ${candidates.join('; ')}. Ask me which one I mean before logging anything.`;
          } else if (isToolError(error) && error.code === 'not_found') {
            note = `\nThere is no contact matching "${contact}" yet. Ask me whether to add them (add_contact) before logging.`;
          } else {
            throw toMcpError(error);
          }
        }
      }
      const tool = logInteraction ? `the ${logInteraction.name} tool` : 'the Kith tools';
      return {
        description: `Log an interaction with ${contact}`,
        messages: [text(
          `Log this interaction with ${who} in Kith using ${tool}: ${what_happened}\n` +
          'Work out the interaction type (email, call, meeting, linkedin_message or coffee_chat), the date (today unless I said otherwise), ' +
          'a short subject, notes, the outcome if clear, and a follow-up date if I mentioned one. Then confirm in one sentence what you recorded.' +
          note,
        )],
      };
    },
  );
}
