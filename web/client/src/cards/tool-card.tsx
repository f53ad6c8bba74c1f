import type { ToolUIPart, DynamicToolUIPart } from 'ai';
import { ContactCard } from './contact-card.js';
import { FollowUpList } from './follow-up-list.js';
import { MiniPipeline, OpportunityCard } from './opportunity-card.js';
import { ChooserCard, ConfirmationCard, ContactList, InteractionCard, SearchResults, type SearchHit } from './misc-cards.js';
import { AgendaCard, TaskList } from './task-cards.js';
import { UndoBar } from './undo-bar.js';
import { DraftCard, type DraftOutput } from './draft-card.js';
import type { AgendaItem, Candidate, Contact, Dashboard, FollowUp, Interaction, Opportunity, Task } from '../types.js';

const RUNNING: Record<string, string> = {
  log_interaction: 'Logging the interaction…', add_contact: 'Adding the contact…', find_contacts: 'Looking up contacts…',
  get_contact: 'Looking up the contact…', search: 'Searching…', agenda: 'Checking your agenda…', list_tasks: 'Checking tasks…', list_follow_ups: 'Checking follow-ups…', dashboard_summary: 'Summing up your day…',
};

type AnyToolPart = ToolUIPart | DynamicToolUIPart;

export interface ToolCardProps {
  part: AnyToolPart;
  toolName: string;
  /** The user's sentence that led to this call (for the "which Priya?" chooser). */
  sentence?: string;
  onSend?: (text: string) => void;
  /** Answers the confirmation the server issued (its approval id is in the preview). */
  onApprove?: (approvalId: string, approved: boolean) => void;
  /** How each approval id of the chat was answered, as far as the page knows. */
  answered?: Map<string, 'approved' | 'denied'>;
}

type Out = Record<string, unknown> & { error?: { code: string; message: string; reference?: string; candidates?: Candidate[] } };

/** A tool part rendered by its state: running, waiting for confirmation, its result, or its error. */
export function ToolCard({ part, toolName, sentence, onSend, onApprove, answered }: ToolCardProps) {
  switch (part.state) {
    case 'input-streaming':
    case 'input-available':
      return <p className="tool-running" aria-busy="true">{RUNNING[toolName] ?? `Running ${toolName.replace(/_/g, ' ')}…`}</p>;
    case 'output-error':
      return <div className="card error" role="alert"><p>{toolName.replace(/_/g, ' ')} failed: {part.errorText}</p></div>;
    case 'output-available': {
      const output = part.output as Out;
      if (output?.status === 'confirmation_required' && typeof output.approval_id === 'string') {
        const id = output.approval_id;
        return <ConfirmationCard summary={String(output.summary)} answered={answered?.get(id)} onAnswer={(ok) => onApprove?.(id, ok)} />;
      }
      const card = <ToolOutput toolName={toolName} input={part.input as Record<string, unknown>} output={output} sentence={sentence} onSend={onSend} />;
      // A call that changed something can be taken back from its card (log_interaction's card has its own).
      if (typeof output?.change_id !== 'string' || toolName === 'log_interaction' || toolName === 'undo') return card;
      return <>{card}<UndoBar changeId={output.change_id} /></>;
    }
    default:
      return null;
  }
}

function ToolOutput({ toolName, input, output, sentence, onSend }: { toolName: string; input: Record<string, unknown>; output: Out; sentence?: string; onSend?: (t: string) => void }) {
  if (!output || typeof output !== 'object') return null;
  if (output.error) {
    const e = output.error;
    if (e.code === 'ambiguous' && e.candidates) return <ChooserCard reference={e.reference ?? 'contact'} candidates={e.candidates} sentence={sentence} onChoose={onSend} />;
    return <div className="card error" role="alert"><p>{e.message}</p></div>;
  }
  if (output.status === 'confirmation_required') return <ConfirmationCard summary={String(output.summary)} answered="denied" />;
  if (output.status === 'deleted' || output.status === 'merged') {
    return <div className="card done" role="status"><p>{`Done (${String(output.status)}).`}</p></div>;
  }
  switch (toolName) {
    case 'log_interaction':
      return <InteractionCard interaction={output.interaction as Interaction} contact={output.contact as Contact} changeId={typeof output.change_id === 'string' ? output.change_id : undefined} />;
    case 'add_contact':
      return <ContactCard contact={output.contact as Contact} heading="Contact added" />;
    case 'update_contact':
      return <ContactCard contact={output.contact as Contact} heading="Contact updated" />;
    case 'get_contact':
      return <ContactCard contact={output.contact as Contact} />;
    case 'schedule_follow_up':
    case 'snooze_follow_up':
    case 'complete_follow_up':
      return <ContactCard contact={output.contact as Contact} heading={toolName === 'complete_follow_up' ? 'Follow-up done' : 'Follow-up scheduled'} />;
    case 'find_contacts':
      return <ContactList contacts={output.contacts as Contact[]} heading="Contacts" />;
    case 'tag_contacts':
    case 'untag_contacts':
      return <ContactList contacts={(output.contacts as Contact[]) ?? []} heading={`Tagged: ${((output.tags as string[]) ?? []).join(', ')}`} />;
    case 'list_follow_ups':
      return <FollowUpList items={output.follow_ups as FollowUp[]} title={`Follow-ups (${String(output.window).replace(/_/g, ' ')})`} />;
    case 'add_opportunity':
      return <OpportunityCard opportunity={output.opportunity as Opportunity} heading="Opportunity added" />;
    case 'update_opportunity':
      return <OpportunityCard opportunity={output.opportunity as Opportunity} heading="Opportunity updated" />;
    case 'list_opportunities':
      return <MiniPipeline opportunities={output.opportunities as Opportunity[]} />;
    case 'pipeline_summary':
      return <MiniPipeline opportunities={output.opportunities as Opportunity[]} stages={output.stages as Array<{ status: string; count: number }>} />;
    case 'create_task':
    case 'complete_task':
    case 'snooze_task':
      return <TaskList tasks={[output.task as Task]} title={toolName === 'create_task' ? 'Task added' : toolName === 'complete_task' ? 'Task done' : 'Task snoozed'} />;
    case 'list_tasks':
      return <TaskList tasks={output.tasks as Task[]} title="Tasks" today={output.today as string} />;
    case 'agenda':
      return <AgendaCard items={output.items as AgendaItem[]} from={output.from as string} to={output.to as string} today={output.today as string} />;
    case 'draft_message':
      return <DraftCard output={output as unknown as DraftOutput} />;
    case 'search':
      return <SearchResults results={output.results as SearchHit[]} query={input?.query as string | undefined} />;
    case 'dashboard_summary': {
      const d = output as unknown as Dashboard;
      return (
        <>
          <FollowUpList items={d.tasks.follow_ups_due} title="Due today" />
          {d.tasks.tasks_due && d.tasks.tasks_due.length > 0 && <TaskList tasks={d.tasks.tasks_due} title="Tasks due" today={d.today} />}
          <MiniPipeline opportunities={[]} stages={d.pipeline} />
        </>
      );
    }
    default:
      return (
        <details className="card">
          <summary>{toolName.replace(/_/g, ' ')}: done</summary>
          <pre className="json">{JSON.stringify(output, null, 2).slice(0, 4000)}</pre>
        </details>
      );
  }
}
