/**
 * A small corpus with known answers for the search tests: each note has one clear topic, and a few
 * distractors share words with the queries without being about them.
 */
const C = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const I = (n: number) => `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`;
const O = (n: number) => `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;

export const ids = { C, I, O };

export const fixture = {
  contacts: [
    { id: C(1), first_name: 'Priya', last_name: 'Shah', company: 'Northwind', notes: 'Platform lead. Runs their Kubernetes clusters and cares a lot about on-call health.' },
    { id: C(2), first_name: 'Lucas', last_name: 'Moreau', company: 'Seedcamp', notes: 'Angel investor, writes small cheques into developer-tools startups.' },
    { id: C(3), first_name: 'Amara', last_name: 'Okafor', company: 'Figment', notes: 'Design systems person; built their component library.' },
    { id: C(4), first_name: 'Tom', last_name: 'Baker', company: 'Acme', notes: null },
    { id: C(5), first_name: 'Mei', last_name: 'Lin', company: 'Datadog', notes: 'Database reliability engineer, knows Postgres internals better than anyone.' },
  ],
  interactions: [
    { id: I(1), contact_id: C(1), interaction_type: 'coffee_chat', interaction_date: '2026-10-02T09:00:00Z', subject: 'Coffee with Priya',
      notes: 'She walked me through migrating their monolith onto Kubernetes: helm charts, autoscaling, and the pain of stateful sets.' },
    { id: I(2), contact_id: C(2), interaction_type: 'call', interaction_date: '2026-10-05T15:00:00Z', subject: 'Intro call',
      notes: 'Talked fundraising: he thinks we should raise a pre-seed round of 500k before the demo day, and warm intros to two funds.' },
    { id: I(3), contact_id: C(4), interaction_type: 'meeting', interaction_date: '2026-10-07T11:00:00Z', subject: 'Catch-up',
      notes: 'Tom is moving to Berlin next spring; wants to stay in touch. Chatted about his kids and football.' },
    { id: I(4), contact_id: C(3), interaction_type: 'email', interaction_date: '2026-10-09T08:00:00Z', subject: 'Component library',
      notes: 'Amara shared the tokens file from their design system and offered to review our Figma setup.' },
    { id: I(5), contact_id: C(5), interaction_type: 'call', interaction_date: '2026-10-11T17:00:00Z', subject: 'Database chat',
      notes: 'Mei explained how they run vacuum and replication on their Postgres fleet; suggested pgbouncer for our connection storms.' },
    { id: I(6), contact_id: C(4), interaction_type: 'linkedin_message', interaction_date: '2026-10-12T10:00:00Z', subject: null,
      notes: 'Sent Tom the article about container orchestration migrations he asked for.' },
    { id: I(7), contact_id: C(2), interaction_type: 'email', interaction_date: '2026-10-14T10:00:00Z', subject: 'Quarterly update',
      notes: 'Sent the investor update: revenue up 12%, hired two engineers, runway 18 months. Series A "not yet".' },
  ],
  opportunities: [
    { id: O(1), company_name: 'Ferrous Systems', job_title: 'Senior Rust Engineer', contact_id: null,
      job_description: 'Build embedded toolchains in Rust. Experience with async runtimes and no_std a plus.' },
    { id: O(2), company_name: 'Northwind', job_title: 'Platform Engineer', contact_id: C(1),
      job_description: 'Own our Kubernetes platform, Terraform and CI/CD; on-call one week in six.' },
    { id: O(3), company_name: 'Globex', job_title: 'Frontend Engineer', contact_id: null,
      job_description: 'React and TypeScript; you will help with our design system. Some Node.js backends.' },
    { id: O(4), company_name: 'Initech', job_title: 'Backend Engineer', contact_id: null,
      job_description: 'Go services on PostgreSQL; rusty legacy Perl scripts to retire.' },
  ],
};
