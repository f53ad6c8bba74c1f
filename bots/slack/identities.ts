import { and, eq } from 'drizzle-orm';
import { slackIdentities, users } from '../../db/schema/index.js';
import type { KithDb } from '../../db/types.js';
import { ForbiddenError } from '../../agent/tools/shared/errors.js';
import { findUserByEmail, type User } from '../../accounts/users.js';
import { isValidZone } from '../../agent/tools/shared/user-dates.js';

export interface SlackPerson {
  teamId: string;
  slackUserId: string;
}

/** What Slack's users.info tells about a person, when the bot may ask. */
export interface SlackProfile {
  email?: string;
  name?: string;
  tz?: string;
}

export interface Identity {
  user: User;
  /** True when this request created the Kith user. */
  created: boolean;
}

export async function findIdentity(db: KithDb, who: SlackPerson): Promise<User | undefined> {
  const [row] = await db.select({ user: users }).from(slackIdentities)
    .innerJoin(users, eq(users.id, slackIdentities.userId))
    .where(and(eq(slackIdentities.teamId, who.teamId), eq(slackIdentities.slackUserId, who.slackUserId)))
    .limit(1);
  return row?.user;
}

const placeholderEmail = (who: SlackPerson) => `${who.slackUserId}.${who.teamId}@slack.invalid`.toLowerCase();

class LostRace extends Error {}

/**
 * The Kith user a Slack user acts as: the linked one, or a new user created on first use (with
 * the Slack profile's email when no Kith user has it, and its time zone for the digest).
 * Never attaches a Slack user to an existing Kith user by itself: that takes a link code.
 */
export async function resolveIdentity(db: KithDb, who: SlackPerson, profile: () => Promise<SlackProfile>): Promise<Identity> {
  const existing = await findIdentity(db, who);
  if (existing?.disabledAt) throw new ForbiddenError('Your Kith account is disabled: ask an admin of this Kith to enable it.');
  if (existing) return { user: existing, created: false };
  const p = await profile().catch(() => ({} as SlackProfile));
  const email = p.email && !(await findUserByEmail(db, p.email)) ? p.email.trim().toLowerCase() : placeholderEmail(who);
  try {
    const user = await db.transaction(async (tx) => {
      const [created] = await tx.insert(users).values({
        email,
        displayName: p.name ?? null,
        timeZone: p.tz && isValidZone(p.tz) ? p.tz : null,
      }).onConflictDoNothing().returning();
      if (!created) throw new LostRace();
      const linked = await tx.insert(slackIdentities).values({ teamId: who.teamId, slackUserId: who.slackUserId, userId: created.id })
        .onConflictDoNothing().returning();
      if (linked.length === 0) throw new LostRace();
      return created;
    });
    return { user, created: true };
  } catch (error) {
    if (!(error instanceof LostRace)) throw error;
    // Another request for the same person won: use what it made.
    const winner = await findIdentity(db, who);
    if (!winner) throw new Error('Could not create a Kith user for this Slack user; please try again.');
    return { user: winner, created: false };
  }
}

/** Points a Slack user at a Kith user (after a valid link code). */
export async function linkIdentity(db: KithDb, who: SlackPerson, userId: string, now: Date): Promise<void> {
  await db.insert(slackIdentities).values({ teamId: who.teamId, slackUserId: who.slackUserId, userId, linkedAt: now })
    .onConflictDoUpdate({ target: [slackIdentities.teamId, slackIdentities.slackUserId], set: { userId, linkedAt: now } });
}
