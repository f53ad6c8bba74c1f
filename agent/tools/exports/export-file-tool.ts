import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { exportAll } from '../transfer.js';
import { EXPORT_TABLES, tableCsv } from './table-csv.js';
import { googleContactsCsv } from './google-contacts-csv.js';
import { contactsVcard } from './vcard-out.js';
import { followUpsCalendar } from './follow-ups-ical.js';
import { EXPORT_FORMATS } from './export-formats.js';
import { selectContacts } from './export-selection.js';


const ExportedFile = z.object({ name: z.string(), content_type: z.string(), content: z.string() });

export const exportFile = defineTool({
  name: 'export_file',
  title: 'Export to a file format',
  description:
    'Export the user\'s data as files: json (everything, as export_data), csv (one file per table), google-csv (contacts in Google ' +
    'Contacts\' layout), vcard (contacts as vCard 4.0 for Apple or Google Contacts), icalendar (follow-up and next-action dates as ' +
    'all-day events). With contacts (ids), only that selection and what is theirs. Every format imports back into Kith with import_file.',
  input: z.object({
    format: z.enum(EXPORT_FORMATS).describe('The file format'),
    contacts: z.array(z.uuid('must be contact ids')).min(1, 'must name at least one contact').max(10_000, 'must be at most 10,000 contacts').optional()
      .describe('Only these contacts (a selection, by id) and what is theirs: their interactions, tasks and the opportunities with them'),
  }),
  output: z.object({ format: z.enum(EXPORT_FORMATS), files: z.array(ExportedFile) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, { format, contacts }) {
    const all = await exportAll(ctx);
    const data = contacts ? selectContacts(all, contacts) : all;
    const day = ctx.now.toISOString().slice(0, 10);
    const file = (name: string, content_type: string, content: string) => ({ name, content_type, content });
    switch (format) {
      case 'json': return { format, files: [file(`kith-export-${day}.json`, 'application/json', JSON.stringify(data, null, 2) + '\n')] };
      case 'csv': return { format, files: EXPORT_TABLES.map((t) => file(`kith-${t}-${day}.csv`, 'text/csv; charset=utf-8', tableCsv(data, t))) };
      case 'google-csv': return { format, files: [file(`kith-google-contacts-${day}.csv`, 'text/csv; charset=utf-8', googleContactsCsv(data.contacts))] };
      case 'vcard': return { format, files: [file(`kith-contacts-${day}.vcf`, 'text/vcard; charset=utf-8', contactsVcard(data.contacts))] };
      case 'icalendar': return { format, files: [file(`kith-follow-ups-${day}.ics`, 'text/calendar; charset=utf-8', followUpsCalendar(data, ctx.now))] };
    }
  },
});
