import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { recordActivity } from '../shared/record-activity.js';
import { NotFoundError } from '../shared/errors.js';
import { calendarItems } from './calendar-items.js';
import { itemsCalendar } from './ical-feed.js';
import { feedPath, feedToken, rotateFeedToken } from './feed-token.js';

const FeedOutput = z.object({
  path: z.string().describe('The feed\'s secret address on this Kith server (prefix it with the server\'s origin)'),
  rotated_at: z.string(),
  events: z.number(),
});

export const calendarFeed = defineTool({
  name: 'calendar_feed',
  title: 'Calendar feed address',
  description:
    'The secret address of the user\'s iCalendar feed (follow-ups, to-dos with dates, interviews and next actions as all-day ' +
    'events) to subscribe to from Google Calendar, Apple Calendar or Outlook. Anyone with the address can read the feed; ' +
    'rotate_calendar_feed replaces it.',
  input: z.object({}),
  output: FeedOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  async run(ctx) {
    const { token, rotatedAt } = await feedToken(ctx);
    const events = (await calendarItems(ctx)).length;
    return { path: feedPath(token), rotated_at: rotatedAt.toISOString(), events };
  },
});

export const rotateCalendarFeed = defineTool({
  name: 'rotate_calendar_feed',
  title: 'Rotate the calendar feed address',
  description: 'Give the calendar feed a new secret address; the old one stops working at once (calendars subscribed to it must subscribe again).',
  input: z.object({}),
  output: FeedOutput,
  annotations: { readOnlyHint: false, destructiveHint: false },
  async run(ctx) {
    const { token, rotatedAt } = await rotateFeedToken(ctx);
    await recordActivity(ctx, { type: 'settings_changed', description: 'Gave the calendar feed a new address' });
    const events = (await calendarItems(ctx)).length;
    return { path: feedPath(token), rotated_at: rotatedAt.toISOString(), events };
  },
});

const ItemKey = z.string().trim().regex(/^(task|opportunity)-[0-9a-f-]{36}$/i, 'must be task-<id> or opportunity-<id>');

export const calendarFile = defineTool({
  name: 'calendar_file',
  title: 'Calendar file (.ics)',
  description:
    'An .ics file: with item ("task-<id>" or "opportunity-<id>"), that one follow-up, to-do or next action as an event to add ' +
    'to a calendar; without, every open dated item (what the feed serves).',
  input: z.object({ item: ItemKey.optional().describe('task-<id> or opportunity-<id>') }),
  output: z.object({ name: z.string(), content_type: z.string(), content: z.string(), events: z.number() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    let items = await calendarItems(ctx);
    if (input.item) {
      const key = input.item.toLowerCase();
      items = items.filter((i) => i.key === key);
      if (items.length === 0) throw new NotFoundError(`item: nothing open with a date is ${input.item}.`, { reference: input.item });
    }
    return {
      name: input.item ? `kith-${input.item}.ics` : 'kith.ics',
      content_type: 'text/calendar; charset=utf-8',
      content: itemsCalendar(items, ctx.now),
      events: items.length,
    };
  },
});

export const calendarTools = [calendarFeed, rotateCalendarFeed, calendarFile];
