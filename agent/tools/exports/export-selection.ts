import type { KithExport } from '../transfer.js';

/**
 * An export narrowed to some contacts (the contacts list's selection): those contacts and what
 * is theirs: interactions, insights and tasks with them, the opportunities they are the contact or
 * the referrer of, and the activities about them or those opportunities. Ids of other users'
 * records never match: the export holds only the caller's.
 */
export function selectContacts(data: KithExport, ids: readonly string[]): KithExport {
  const keep = new Set(ids);
  const opportunities = data.opportunities.filter((o) => (o.contact_id && keep.has(o.contact_id)) || (o.referrer_id && keep.has(o.referrer_id)));
  const theirOpportunities = new Set(opportunities.map((o) => o.id));
  return {
    ...data,
    contacts: data.contacts.filter((c) => keep.has(c.id)),
    interactions: data.interactions.filter((i) => keep.has(i.contact_id)),
    opportunities,
    activities: data.activities.filter((a) => (a.related_contact_id && keep.has(a.related_contact_id)) || (a.related_opportunity_id && theirOpportunities.has(a.related_opportunity_id))),
    contact_insights: data.contact_insights.filter((i) => keep.has(i.contact_id)),
    tasks: data.tasks.filter((t) => (t.contact_id && keep.has(t.contact_id)) || (t.opportunity_id && theirOpportunities.has(t.opportunity_id))),
  };
}
