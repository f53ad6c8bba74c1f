import type { ContactRecord } from '../../../agent/tools/shared/schemas.js';
import { type Block, context, esc, section } from './kit.js';

/** A result of any search tool: find_contacts' contacts or a full-text/semantic hit. */
export interface SearchHit {
  title: string;
  subtitle?: string | null;
  snippet?: string | null;
}

export function contactHit(c: ContactRecord): SearchHit {
  return {
    title: `${c.first_name} ${c.last_name}`.trim(),
    subtitle: [c.job_title, c.company].filter(Boolean).join(' at ') || c.email,
    snippet: c.email && (c.job_title || c.company) ? c.email : null,
  };
}

/** Hits from a generic search result: records with a name or title and maybe a snippet. */
export function genericHits(results: unknown[]): SearchHit[] {
  return results.map((r) => {
    const o = (r ?? {}) as Record<string, unknown>;
    const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : null);
    const name = str('title') ?? str('name') ?? str('contact_name') ?? ([str('first_name'), str('last_name')].filter(Boolean).join(' ') || null);
    return {
      title: name ?? str('kind') ?? 'Result',
      subtitle: str('company') ?? str('company_name') ?? str('kind') ?? str('entity_type'),
      snippet: str('snippet') ?? str('excerpt') ?? str('text'),
    };
  });
}

export function searchResultsCard(hits: SearchHit[], options: { query?: string; max?: number } = {}): Block[] {
  const head = options.query ? `🔎 *Results for “${esc(options.query)}”*` : '🔎 *Results*';
  if (hits.length === 0) return [section(`${head}\nNothing found.`)];
  const max = options.max ?? 15;
  const lines = hits.slice(0, max).map((h) => `• *${esc(h.title)}*${h.subtitle ? ` · ${esc(h.subtitle)}` : ''}${h.snippet ? `\n   _${esc(h.snippet.slice(0, 200))}_` : ''}`);
  const blocks: Block[] = [section(`${head} (${hits.length})\n${lines.join('\n')}`)];
  if (hits.length > max) blocks.push(context(`…and ${hits.length - max} more.`));
  return blocks;
}
