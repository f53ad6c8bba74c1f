import type { OpportunityRecord } from '../../../agent/tools/shared/schemas.js';
import { type Block, section } from './kit.js';
import { opportunityListCard, stageLabel } from './opportunity.js';

export interface PipelineCounts { stages: Array<{ status: string; count: number }>; active_total: number }

/** The pipeline at a glance: how many opportunities sit in each stage, then the active ones. */
export function pipelineCard(p: PipelineCounts & { opportunities?: OpportunityRecord[] }, options: { today?: string; list?: boolean } = {}): Block[] {
  const fields = p.stages.map((s) => `*${stageLabel(s.status)}*\n${s.count}`);
  const blocks: Block[] = [section(`📊 *Pipeline* — ${p.active_total} active`, fields.slice(0, 10))];
  if (options.list !== false && p.opportunities && p.opportunities.length > 0) {
    blocks.push(...opportunityListCard(p.opportunities, { title: 'Active', today: options.today, max: 10 }));
  }
  return blocks;
}
