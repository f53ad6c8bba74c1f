import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { openKith, type Kith } from '../../app/open-kith.js';
import { loadConfig } from '../../app/config.js';
import { createToken } from '../../accounts/tokens.js';
import { crmContacts, crmInteractions, crmOpportunities, mailMessages, mailThreadInteractions, users } from '../../db/schema/index.js';
import { startServer, type RunningServer } from '../../web/server/start-server.js';
import { serveFixtures } from './serve-fixtures.js';

/**
 * What the extension talks to in the browser tests: a real Kith server on 127.0.0.1 (what `kith
 * serve` starts) with the people the fixture pages name, an API token, the fixture pages, and the
 * database reads each save is checked against.
 */
export async function startKithUnderTest() {
  const dataDir = mkdtempSync(join(tmpdir(), 'kith-ext-data-'));
  // Wednesday 4 March 2026 in Berlin: "Friday" is 6 March.
  const kith: Kith = await openKith(loadConfig({ data: dataDir }, { KITH_TZ: 'Europe/Berlin', KITH_NOW: '2026-03-04T09:00:00Z', KITH_LOG_LEVEL: 'error' } as NodeJS.ProcessEnv));
  await kith.call(kith.owner.id, 'add_contact', { first_name: 'Priya', last_name: 'Patel', company: 'Stripe', email: 'priya@stripe.com' });
  await kith.call(kith.owner.id, 'add_contact', { first_name: 'Omar', last_name: 'Haddad', company: 'Acme Robotics', job_title: 'Engineering Manager' });
  // A résumé: add_opportunity scores each saved posting that has a description against it, and the popup shows the score.
  await kith.call(kith.owner.id, 'add_resume', { name: 'Backend 2026', text: 'Backend engineer with 8 years of experience. Go, PostgreSQL, Python and AWS; built payment APIs used by millions.' });
  // The address the fixture messages are written to is the user's own (log_email leaves it out of the contacts).
  await kith.database.db.update(users).set({ email: 'me@example.com' }).where(eq(users.id, kith.owner.id));
  const { token } = await createToken(kith.database.db, kith.owner.id, 'extension test');
  const server: RunningServer = await startServer({ kith, port: 0, host: '127.0.0.1' });
  const fixtures = await serveFixtures();
  const db = kith.database.db;

  return {
    kith,
    token,
    serverUrl: server.url,
    fixtureUrl: fixtures.url,
    opportunities: () => db.select().from(crmOpportunities),
    opportunitiesAt: (url: string) => db.select().from(crmOpportunities).where(eq(crmOpportunities.jobUrl, url)),
    contactsWithEmail: (email: string) => db.select().from(crmContacts).where(eq(crmContacts.email, email)),
    contactsNamed: (first: string, last: string) => db.select().from(crmContacts).where(and(eq(crmContacts.firstName, first), eq(crmContacts.lastName, last))),
    interactionsWith: (contactId: string) => db.select().from(crmInteractions).where(eq(crmInteractions.contactId, contactId)),
    interactionsOfType: (type: typeof crmInteractions.$inferSelect['interactionType']) => db.select().from(crmInteractions).where(eq(crmInteractions.interactionType, type)),
    /** The stored message with this Message-ID and the interaction its thread was logged as. */
    async storedMail(messageId: string) {
      const [message] = await db.select().from(mailMessages).where(eq(mailMessages.messageId, messageId));
      const links = message ? await db.select().from(mailThreadInteractions).where(eq(mailThreadInteractions.threadKey, message.threadKey)) : [];
      const interactions = links.length ? await db.select().from(crmInteractions).where(eq(crmInteractions.id, links[0].interactionId)) : [];
      return { message, interactions };
    },
    /** Rows a save could add: a repeated save must leave this unchanged. */
    async rowCount() {
      const tables = [crmContacts, crmInteractions, crmOpportunities, mailMessages] as const;
      let n = 0;
      for (const table of tables) n += (await db.select().from(table)).length;
      return n;
    },
    async close() {
      await server.close();
      await kith.close();
      await fixtures.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type KithUnderTest = Awaited<ReturnType<typeof startKithUnderTest>>;
