import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { isToolError } from '../agent/tools/shared/errors.js';
import type { ContactRecord } from '../agent/tools/shared/schemas.js';
import type { McpContext } from './context.js';
import { backingTool, firstAcceptedInput } from './backing-tools.js';

/** How many contacts resources/list names; the template reads any contact by id, email or name. */
export const LISTED_CONTACTS = 200;
const COMPLETIONS = 20;

export const contactUri = (id: string): string => `kith://contacts/${encodeURIComponent(id)}`;

function json(uri: string, value: unknown): ReadResourceResult {
  return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(value, null, 2) }] };
}

/** A tool error while reading a resource becomes a JSON-RPC error with the tool's message. */
export function toMcpError(error: unknown): unknown {
  if (isToolError(error)) {
    const code = error.code === 'not_found' ? -32002 /* resource not found, per the MCP spec */ : ErrorCode.InvalidParams;
    return new McpError(code, error.message, error.toJSON().error);
  }
  return error;
}

const describe = (c: ContactRecord): string | undefined =>
  [c.job_title, c.company].filter(Boolean).join(' at ') || c.email || undefined;

export function registerResources(server: McpServer, { session, tools }: McpContext): void {
  const call = async (name: string, input: unknown) => {
    const { kith, userId } = await session();
    try {
      return await kith.call(userId, name, input);
    } catch (error) {
      throw toMcpError(error);
    }
  };

  const getContact = backingTool(tools, 'getContact');
  const findContacts = backingTool(tools, 'findContacts');
  if (getContact && findContacts) {
    const find = async (query: string | undefined, limit: number) =>
      ((await call(findContacts.name, { query: query || undefined, limit })) as { contacts: ContactRecord[] }).contacts;
    server.registerResource(
      'contact',
      new ResourceTemplate('kith://contacts/{id}', {
        list: async () => ({
          resources: (await find(undefined, LISTED_CONTACTS)).map((c) => ({
            uri: contactUri(c.id),
            name: `${c.first_name} ${c.last_name}`.trim(),
            description: describe(c),
            mimeType: 'application/json',
          })),
        }),
        complete: {
          // Typing a name (or part of an email or company) offers the ids of the matching contacts.
          id: async (value) => (await find(value.trim(), COMPLETIONS)).map((c) => c.id),
        },
      }),
      {
        title: 'Contact profile',
        description: 'A contact\'s profile: details, notes, tags, interaction timeline, open opportunities and insights. ' +
          'The {id} is the contact\'s id (an email or a name also works).',
        mimeType: 'application/json',
      },
      async (uri, variables) => {
        const id = decodeURIComponent(String(variables.id));
        return json(uri.href, await call(getContact.name, { contact: id }));
      },
    );
  }

  const followUps = backingTool(tools, 'followUps');
  if (followUps) {
    server.registerResource(
      'follow-ups-today',
      'kith://follow-ups/today',
      { title: 'Follow-ups due today', description: 'The follow-ups due today (and overdue ones), in the user\'s time zone.', mimeType: 'application/json' },
      async (uri) => json(uri.href, await call(followUps.name, firstAcceptedInput(followUps, [{ window: 'due' }, {}]))),
    );
  }

  const pipeline = backingTool(tools, 'pipeline');
  if (pipeline) {
    server.registerResource(
      'pipeline',
      'kith://pipeline',
      { title: 'Job pipeline', description: 'The job opportunities by stage: interested, applied, phone screen, interview, final round, offer.', mimeType: 'application/json' },
      async (uri) => json(uri.href, await call(pipeline.name, {})),
    );
  }
}
