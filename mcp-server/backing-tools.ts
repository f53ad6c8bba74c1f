import type { AnyTool } from '../agent/tools/define-tool.js';

/**
 * Resources and prompts read through catalog tools. These are the tools they use, by role; where
 * the catalog may name a role's tool in more than one way, the first name present wins. A resource
 * whose tool is not in the catalog is not offered.
 */
export const BACKING_TOOLS = {
  getContact: ['get_contact'],
  findContacts: ['find_contacts'],
  followUps: ['list_follow_ups'],
  pipeline: ['pipeline_summary', 'list_opportunities'],
  dashboard: ['dashboard_summary'],
  logInteraction: ['log_interaction'],
} as const;

export type BackingRole = keyof typeof BACKING_TOOLS;

export function backingTool(tools: AnyTool[], role: BackingRole): AnyTool | undefined {
  for (const name of BACKING_TOOLS[role]) {
    const tool = tools.find((t) => t.name === name);
    if (tool) return tool;
  }
  return undefined;
}

/** The first of the candidate inputs the tool accepts (tools differ in how they say "due today"). */
export function firstAcceptedInput(tool: AnyTool, candidates: Array<Record<string, unknown>>): Record<string, unknown> {
  return candidates.find((c) => tool.input.safeParse(c).success) ?? {};
}
